namespace Classroom.Agora.Tokens;

/// <summary>Agora's classroom (APaaS, "education") service: a room, a user and the user's role in it.</summary>
public sealed record ApaasService(IReadOnlyDictionary<ushort, uint> Privileges, string RoomUuid, string UserUuid, short Role)
    : TokenService(ApaasType, Privileges)
{
    public const ushort RoomUserPrivilege = 1;
    public const ushort UserPrivilege = 2;
    public const ushort AppPrivilege = 3;

    /// <summary>The role of a token that names no room: Agora's role "none".</summary>
    public const short NoRole = -1;

    private protected override void WriteFields(ref TokenWriter writer)
    {
        writer.WriteString(RoomUuid);
        writer.WriteString(UserUuid);
        writer.WriteInt16(Role);
    }
}
