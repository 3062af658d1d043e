namespace Gateway.Forwarding;

/// <summary>
/// Marks a write the gateway has begun to send to Agora. One it never began — the gateway refused it, its client left
/// before its body had all arrived or before its refusal was written, the circuit held it back, no token could be minted
/// for it — is known to have changed nothing at Agora, though it may end as one the client closed (499). A write goes out
/// only through the forwarder or <see cref="Upstream.AgoraServiceCalls.WriteAsync"/>, and each marks it where it sends.
/// </summary>
public sealed class SentToAgora
{
    static readonly SentToAgora Instance = new();

    SentToAgora()
    {
    }

    public static void Mark(HttpContext context) => context.Features.Set(Instance);
}
