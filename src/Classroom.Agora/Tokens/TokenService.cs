namespace Classroom.Agora.Tokens;

/// <summary>
/// One service of an AccessToken2: its type, privileges (key → seconds from issue that the privilege lasts, 0 for as
/// long as the token) and its own fields. The same records are what a parser reads and what a builder writes.
/// </summary>
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
            ApaasType => new ApaasService(privileges, reader.ReadString(), reader.ReadString(), reader.ReadInt16()),
            _ => throw new FormatException($"The token holds an unknown service type {type}."),
        };
    }

    internal void Write(ref TokenWriter writer)
    {
        writer.WriteUInt16(Type);
        writer.WritePrivileges(Privileges);
        WriteFields(ref writer);
    }

    private protected abstract void WriteFields(ref TokenWriter writer);

    /// <summary>The privilege map of a service built with one privilege.</summary>
    internal static IReadOnlyDictionary<ushort, uint> Grant(ushort privilege, uint seconds) =>
        new Dictionary<ushort, uint>(1) { [privilege] = seconds };
}
