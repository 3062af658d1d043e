using System.Runtime.CompilerServices;
using Gateway.Configuration;

namespace Gateway.Upstream;

/// <summary>
/// Where the Agora classroom service is and how its paths are spelled: base URL (the host in use of
/// <see cref="AgoraHosts"/>; the embedded emulator's address in the sandbox), optional region prefix, our app id.
/// </summary>
public sealed class AgoraUpstream(IOptions<AgoraOptions> options, AgoraHosts hosts)
{
    string? _appPrefix;

    /// <summary>The base URL of the host calls go to now: the primary, or the backup while the primary fails.</summary>
    public Uri BaseUrl => hosts.Current;

    public string AppId => options.Value.AppId!;

    /// <summary>The HTTP version asked of Agora (<c>Agora:HttpVersion</c>); valid once the options passed validation.</summary>
    public Version HttpVersion => options.Value.ParsedHttpVersion()!;

    /// <summary>Whether Agora may answer in a lower version (<c>Agora:HttpVersionPolicy</c>).</summary>
    public HttpVersionPolicy HttpVersionPolicy => options.Value.HttpVersionPolicy;

    /// <summary>
    /// A request to Agora at <paramref name="pathAndQuery"/> (relative to the base URL), in the configured HTTP version: to
    /// the host in use, or to <paramref name="host"/> and no other when one is named.
    /// </summary>
    public HttpRequestMessage Request(HttpMethod method, string pathAndQuery, AgoraHost? host = null)
    {
        var baseUrl = host is { } named ? hosts.BaseUrlOf(named) : BaseUrl;
        var request = new HttpRequestMessage(method, pathAndQuery.Length == 0 ? baseUrl : Under(baseUrl.AbsoluteUri, pathAndQuery))
        {
            Version = HttpVersion,
            VersionPolicy = HttpVersionPolicy,
        };
        request.Options.Set(AgoraHosts.StayOnHost, host is not null);
        return request;
    }

    /// <summary>
    /// <paramref name="pathAndQuery"/> (starting with <c>/</c>) under <paramref name="baseUrl"/>, whose path it keeps: a
    /// proxy's prefix (<c>https://egress.school/agora/</c>) stays in every call, the forwarded ones and the gateway's own.
    /// </summary>
    public static Uri Under(string baseUrl, string pathAndQuery) => new(baseUrl.TrimEnd('/') + pathAndQuery);

    /// <summary>The sandbox points the gateway at the emulator once it listens.</summary>
    public void UseBaseUrl(Uri baseUrl) => hosts.UsePrimary(baseUrl);

    /// <summary><c>/{region}</c>, or empty when no region is configured.</summary>
    public string RegionPrefix => string.IsNullOrEmpty(options.Value.Region) ? "" : "/" + options.Value.Region;

    /// <summary><c>/{region}/edu/apps/{appId}/{version}/…</c>; every segment of <paramref name="segments"/> is percent-encoded.</summary>
    public string AppPath(string version, params ReadOnlySpan<string> segments)
    {
        var path = new DefaultInterpolatedStringHandler(0, 0);
        path.AppendLiteral(AppPrefix);
        path.AppendLiteral(version);
        foreach (var segment in segments)
        {
            path.AppendLiteral("/");
            path.AppendLiteral(Uri.EscapeDataString(segment));
        }
        return path.ToStringAndClear();
    }

    /// <summary><c>/{region}/edu/apps/{appId}/</c>, spelled once: every forwarded call's path starts with it.</summary>
    string AppPrefix => _appPrefix ??= $"{RegionPrefix}/edu/apps/{Uri.EscapeDataString(AppId)}/";

    public string PollingPath => $"{RegionPrefix}/edu/polling/apps/{Uri.EscapeDataString(AppId)}/v2/rooms/sequences";
}
