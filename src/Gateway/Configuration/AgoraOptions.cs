using System.ComponentModel.DataAnnotations;
using Classroom.Agora;

namespace Gateway.Configuration;

/// <summary>The <c>Agora</c> section: who we are at Agora and where Agora is.</summary>
public sealed class AgoraOptions
{
    public const string Section = "Agora";
    public static readonly string[] Regions = ["cn", "ap", "eu", "na"];

    /// <summary>Agora's two documented REST hosts: each is the other's backup (Agora's "Ensure service reliability").</summary>
    public static readonly Uri GlobalHost = new("https://api.agora.io"), ChinaHost = new("https://api.sd-rtn.com");

    /// <summary>The classroom client's region when <see cref="Region"/> is empty (see <see cref="ClientRegion"/>).</summary>
    public const string DefaultClientRegion = "CN";

    public string? AppId { get; set; }
    public string? AppCertificate { get; set; }

    /// <summary>The primary host's base URL as configured; <see cref="PrimaryBaseUrl"/> is the one in force.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>
    /// <see cref="BaseUrl"/>, or when unset Agora's primary host for the region: <see cref="ChinaHost"/> for <c>cn</c>
    /// (mainland China), else <see cref="GlobalHost"/>.
    /// </summary>
    public Uri PrimaryBaseUrl => BaseUrl ?? (Region == "cn" ? ChinaHost : GlobalHost);

    /// <summary>
    /// Where calls go while the primary fails. Unset: the other of Agora's two hosts when <see cref="PrimaryBaseUrl"/> is
    /// one of them, else none; empty: none.
    /// </summary>
    public string? BackupBaseUrl { get; set; }

    public string? Region { get; set; }

    [Range(60, 86_400, ErrorMessage = "Agora:TokenLifetimeSeconds must be from 60 to 86400.")]
    public int TokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>How the gateway authenticates to Agora: its own app token (the default) or each caller's RTM token.</summary>
    public UpstreamCredential UpstreamCredential { get; set; } = UpstreamCredential.App;

    /// <summary>Checked by <see cref="AgoraOptionsValidator"/>, whose one line says what it must be, empty included.</summary>
    public string ServiceUid { get; set; } = "classroom-gateway";

    [Range(1, 300, ErrorMessage = "Agora:TimeoutSeconds must be from 1 to 300.")]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// The HTTP version asked of Agora: <c>2</c> (over TLS, HTTP/2 when the server offers it; see
    /// <see cref="HttpVersionPolicy"/>) or <c>1.1</c>.
    /// </summary>
    public string HttpVersion { get; set; } = "2";

    /// <summary>
    /// Whether Agora may answer in a lower version than <see cref="HttpVersion"/> (the default) or must speak it:
    /// <see cref="System.Net.Http.HttpVersionPolicy.RequestVersionExact"/> with version 2 at an <c>http://</c> base URL
    /// is HTTP/2 without TLS (prior knowledge), as the emulator serves it on an endpoint of protocol <c>Http2</c>.
    /// </summary>
    public HttpVersionPolicy HttpVersionPolicy { get; set; } = HttpVersionPolicy.RequestVersionOrLower;

    public EmulatorSettings Emulator { get; set; } = new();
    public WebRecordingSettings WebRecording { get; set; } = new();

    /// <summary>The app id and certificate; valid once the options have passed validation.</summary>
    public AgoraCredentials ToCredentials() => new(AppId!, AppCertificate!);

    /// <summary>The backup host's base URL, or null for none; valid once the options have passed validation.</summary>
    public Uri? ParsedBackupBaseUrl() => BackupBaseUrl switch
    {
        null => DocumentedAlternateOf(PrimaryBaseUrl),
        "" => null,
        var url => Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https" ? parsed : null,
    };

    static Uri? DocumentedAlternateOf(Uri primary) => primary switch
    {
        { IsAbsoluteUri: false } => null,
        _ when IsHost(primary, GlobalHost) => new UriBuilder(primary) { Host = ChinaHost.Host }.Uri,
        _ when IsHost(primary, ChinaHost) => new UriBuilder(primary) { Host = GlobalHost.Host }.Uri,
        _ => null,
    };

    static bool IsHost(Uri url, Uri host) => url.Host.Equals(host.Host, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The region every classroom client of this gateway is told (<c>AgoraEduSDK.config({region})</c>): the REST region in
    /// upper case, so that clients and the gateway's calls agree; <see cref="DefaultClientRegion"/> without one.
    /// </summary>
    public string ClientRegion => string.IsNullOrEmpty(Region) ? DefaultClientRegion : Region.ToUpperInvariant();

    /// <summary><see cref="HttpVersion"/> as a version, or null when it is neither 1.1 nor 2.</summary>
    public Version? ParsedHttpVersion() => HttpVersion switch
    {
        "2" or "2.0" => System.Net.HttpVersion.Version20,
        "1.1" => System.Net.HttpVersion.Version11,
        _ => null,
    };

    public sealed class EmulatorSettings
    {
        /// <summary>Unset means: enabled in Development, disabled elsewhere (see <see cref="SandboxMode"/>).</summary>
        public bool? Enabled { get; set; }
    }

    public sealed class WebRecordingSettings
    {
        public Uri? ClassroomUrl { get; set; }
    }
}
