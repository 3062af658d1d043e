namespace Classroom.Agora.Tokens;

public sealed record RtmService(IReadOnlyDictionary<ushort, uint> Privileges, string UserId)
    : TokenService(RtmType, Privileges)
{
    public const ushort LoginPrivilege = 1;

    private protected override void WriteFields(ref TokenWriter writer) => writer.WriteString(UserId);
}
