using Gateway.Tokens;

namespace Gateway.Upstream;

/// <summary>
/// <see cref="UpstreamCredential.App"/>: every call carries the gateway's app token, whoever it is made for.
/// <see cref="UpstreamCredential.Caller"/>: a call carries the RTM token of the uid it is made for.
/// </summary>
public sealed class UpstreamCredentials(IOptions<AgoraOptions> options, AppTokenSource appTokens, IRtmTokenSource rtmTokens)
    : IUpstreamCredentials
{
    readonly bool _asCaller = options.Value.UpstreamCredential == UpstreamCredential.Caller;
    AgoraCallCredential? _app;

    public ValueTask<AgoraCallCredential> ForCallerAsync(string uid, CancellationToken cancellationToken) =>
        _asCaller ? AsCallerAsync(uid, cancellationToken) : ValueTask.FromResult(App());

    public ValueTask<AgoraCallCredential> ForServiceAsync(CancellationToken cancellationToken) =>
        ForCallerAsync(options.Value.ServiceUid, cancellationToken);

    /// <summary>One credential for the app token in use, made again when the token is renewed.</summary>
    AgoraCallCredential App()
    {
        var token = appTokens.Token();
        if (Volatile.Read(ref _app) is { } kept && kept.Carries(token))
        {
            return kept;
        }
        var fresh = new AgoraCallCredential(token, uid: null);
        Volatile.Write(ref _app, fresh);
        return fresh;
    }

    async ValueTask<AgoraCallCredential> AsCallerAsync(string uid, CancellationToken cancellationToken) =>
        new((await rtmTokens.GetTokenAsync(uid, cancellationToken)).Token, uid);
}
