namespace Classroom.Agora.Tokens;

public sealed record RtcService(IReadOnlyDictionary<ushort, uint> Privileges, string ChannelName, string Uid)
    : TokenService(RtcType, Privileges)
{
    private protected override void WriteFields(ref TokenWriter writer)
    {
        writer.WriteString(ChannelName);
        writer.WriteString(Uid);
    }
}
