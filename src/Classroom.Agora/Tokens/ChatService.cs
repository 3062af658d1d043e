namespace Classroom.Agora.Tokens;

public sealed record ChatService(IReadOnlyDictionary<ushort, uint> Privileges, string UserId)
    : TokenService(ChatType, Privileges)
{
    public const ushort UserPrivilege = 1;

    private protected override void WriteFields(ref TokenWriter writer) => writer.WriteString(UserId);
}
