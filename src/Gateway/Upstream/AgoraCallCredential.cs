using System.Net.Http.Headers;

namespace Gateway.Upstream;

/// <summary>
/// What one call to Agora authenticates with: an app token alone (<see cref="Uid"/> null), or a caller's RTM token with
/// the uid it was minted for. The token is a secret: this type never prints it.
/// </summary>
public sealed class AgoraCallCredential(string token, string? uid)
{
    public const string TokenHeader = "x-agora-token";
    public const string UidHeader = "x-agora-uid";
    const string AuthorizationHeader = "Authorization";

    /// <summary>The uid Agora is told the call is made as; null for the app's own calls.</summary>
    public string? Uid { get; } = uid;

    /// <summary>Built once: the app's credential serves every call while its token lasts.</summary>
    readonly string _authorization = $"agora token=\"{token}\"";

    /// <summary>Whether this credential carries <paramref name="candidate"/>, the very string (tokens are not compared).</summary>
    public bool Carries(string candidate) => ReferenceEquals(token, candidate);

    /// <summary>
    /// Sets the headers Agora reads: <c>Authorization: agora token="…"</c> always, and for a caller's token also
    /// <c>x-agora-token</c> and <c>x-agora-uid</c>. Whatever the client sent under these names must be gone already.
    /// </summary>
    public void ApplyTo(HttpRequestHeaders headers)
    {
        if (Uid is not null)
        {
            headers.TryAddWithoutValidation(TokenHeader, token);
            headers.TryAddWithoutValidation(UidHeader, Uid);
        }
        headers.TryAddWithoutValidation(AuthorizationHeader, _authorization);
    }

    public override string ToString() => Uid is null ? "AgoraCallCredential { App }" : $"AgoraCallCredential {{ Uid = {Uid} }}";
}
