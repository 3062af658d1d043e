namespace Gateway.Upstream;

/// <summary>
/// Endpoint metadata of a route whose answer may be Agora's, or the gateway's word that Agora failed to give one (502,
/// 503, 504): added by each result type that reaches Agora, so a route is known by what it returns, not by its name.
/// </summary>
public sealed class CallsAgora
{
    public static readonly CallsAgora Instance = new();

    CallsAgora()
    {
    }
}
