namespace Gateway.Upstream;

/// <summary>
/// The one source of the credentials every call to Agora carries (forwarded calls, the event poller, readiness, the
/// gateway's own reads and writes), by <c>Agora:UpstreamCredential</c>.
/// </summary>
public interface IUpstreamCredentials
{
    /// <summary>For a call made on behalf of <paramref name="uid"/>: the app token, or that caller's RTM token.</summary>
    ValueTask<AgoraCallCredential> ForCallerAsync(string uid, CancellationToken cancellationToken);

    /// <summary>For the gateway's own calls: the app token, or the RTM token of <c>Agora:ServiceUid</c>.</summary>
    ValueTask<AgoraCallCredential> ForServiceAsync(CancellationToken cancellationToken);
}
