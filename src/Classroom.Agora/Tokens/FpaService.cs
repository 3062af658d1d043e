namespace Classroom.Agora.Tokens;

public sealed record FpaService(IReadOnlyDictionary<ushort, uint> Privileges) : TokenService(FpaType, Privileges)
{
    private protected override void WriteFields(ref TokenWriter writer)
    {
    }
}
