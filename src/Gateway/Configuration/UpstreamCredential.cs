namespace Gateway.Configuration;

/// <summary><c>Agora:UpstreamCredential</c>: how the gateway authenticates its calls to Agora's REST API.</summary>
public enum UpstreamCredential
{
    /// <summary>
    /// <c>Authorization: agora token="…"</c> with an app token the gateway mints and keeps to itself, as Agora's current
    /// REST reference authenticates server calls: no token a client holds opens the REST API.
    /// </summary>
    App,

    /// <summary>
    /// As the caller: its RTM token in <c>x-agora-token</c> and <c>Authorization</c>, its uid in <c>x-agora-uid</c>, for
    /// Agora projects still on that older scheme.
    /// </summary>
    Caller,
}
