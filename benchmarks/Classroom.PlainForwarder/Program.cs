using System.Net;
using Yarp.ReverseProxy.Forwarder;

// The floor of load case (a): the same read forwarded by YARP's IHttpForwarder with the gateway's socket settings, and
// nothing else: no retry handler or trace propagation, no sign-in, no policies, no rate limit, no telemetry, one RTM
// token given at start.
// What the gateway costs beyond this is its own work; what this costs is forwarding's.
// PLAIN_HTTP2=1 speaks HTTP/2 without TLS to the upstream, as the gateway does with Agora:HttpVersionPolicy=RequestVersionExact.
// Usage: PLAIN_UPSTREAM=http://127.0.0.1:18090/edu/apps/<appId>/v2/rooms/<room>/records PLAIN_RTM_TOKEN=<token> \
//        PLAIN_UID=<uid> dotnet Classroom.PlainForwarder.dll --urls http://127.0.0.1:18085
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddHttpForwarder();
var app = builder.Build();

var upstream = new Uri(Setting("PLAIN_UPSTREAM"));
var transformer = new FixedCredentials(upstream, Setting("PLAIN_RTM_TOKEN"), Setting("PLAIN_UID"));
using var client = new HttpMessageInvoker(new SocketsHttpHandler
{
    UseProxy = false,
    AllowAutoRedirect = false,
    AutomaticDecompression = DecompressionMethods.None,
    UseCookies = false,
    EnableMultipleHttp2Connections = true,
    ActivityHeadersPropagator = null,
    ConnectTimeout = TimeSpan.FromSeconds(5),
});

var config = Environment.GetEnvironmentVariable("PLAIN_HTTP2") == "1"
    ? new ForwarderRequestConfig { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact }
    : ForwarderRequestConfig.Empty;
app.Map("/{**path}", async (HttpContext context, IHttpForwarder forwarder) =>
{
    // Awaited, not returned: a returned ForwarderError would be written after the forwarded body.
    await forwarder.SendAsync(context, upstream.GetLeftPart(UriPartial.Authority), client, config, transformer);
});
app.Run();

static string Setting(string name) =>
    Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : throw new InvalidOperationException($"{name} is not set.");

/// <summary>Every request goes to the one upstream address, with the client's Authorization swapped for Agora's headers.</summary>
sealed class FixedCredentials(Uri upstream, string token, string uid) : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix,
        CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.Headers.Authorization = null;
        proxyRequest.Headers.TryAddWithoutValidation("x-agora-token", token);
        proxyRequest.Headers.TryAddWithoutValidation("x-agora-uid", uid);
        proxyRequest.RequestUri = upstream;
    }
}
