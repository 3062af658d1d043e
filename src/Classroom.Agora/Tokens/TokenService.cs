namespace Classroom.Agora.Tokens;

/// <summary>One service of an AccessToken2: its type, privileges (key → expire seconds) and payload.</summary>
public abstract record TokenService(ushort Type, IReadOnlyDictionary<ushort, uint> Privileges)
{
    public const ushort RtcType = 1;
    public const ushort RtmType = 2;
    public const ushort FpaType = 4;
    public const ushort ChatType = 5;
    public const ushort ApaasType = 7;

    internal static TokenService Read(ref TokenReader reader)
    {
        var type = reader.ReadUInt16();
        var privileges = reader.ReadPrivileges();
        return type switch
        {
            RtcType => new RtcService(privileges, reader.ReadString(), reader.ReadString()),
            RtmType => new RtmService(privileges, reader.ReadString()),
            FpaType => new FpaService(privileges),
            ChatType => new ChatService(privileges, reader.ReadString()),
            ApaasType => new ApaasService(privileges, reader.ReadString(), reader.ReadString(), (short)reader.ReadUInt16()),
            _ => throw new FormatException($"The token holds an unknown service type {type}."),
        };
    }
}

public sealed record RtcService(IReadOnlyDictionary<ushort, uint> Privileges, string ChannelName, string Uid)
    : TokenService(RtcType, Privileges);

public sealed record RtmService(IReadOnlyDictionary<ushort, uint> Privileges, string UserId)
    : TokenService(RtmType, Privileges)
{
    public const ushort LoginPrivilege = 1;
}

public sealed record FpaService(IReadOnlyDictionary<ushort, uint> Privileges) : TokenService(FpaType, Privileges);

public sealed record ChatService(IReadOnlyDictionary<ushort, uint> Privileges, string UserId)
    : TokenService(ChatType, Privileges);

public sealed record ApaasService(IReadOnlyDictionary<ushort, uint> Privileges, string RoomUuid, string UserUuid, short Role)
    : TokenService(ApaasType, Privileges);
