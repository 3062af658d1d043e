using System.Net;
using Yarp.ReverseProxy.Forwarder;

// The floor of load case (a): the same read forwarded by YARP's IHttpForwarder with the gateway's socket settings, and
// nothing else: no retry handler or trace propagation, no sign-in, no policies, no rate limit, no telemetry, one app
// token given at start and sent as the gateway sends its own (Authorization: agora token="…").
// What the gateway costs beyond this is its own work; what this costs is forwarding's.
// PLAIN_HTTP2=1 speaks HTTP/2 without TLS to the upstream, as the gateway does with Agora:HttpVersionPolicy=RequestVersionExact.
// Usage: PLAIN_UPSTREAM=http://127.0.0.1:18090/edu/apps/<appId>/v2/rooms/<room>/sequences PLAIN_APP_TOKEN=<token> \
//        dotnet Classroom.PlainForwarder.dll --urls http://127.0.0.1:18085
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddHttpForwarder();
var app = builder.Build();

var upstream = new Uri(Setting("PLAIN_UPSTREAM"));
var transformer = new FixedCredentials(upstream, $"agora token=\"{Setting("PLAIN_APP_TOKEN")}\"");
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

/// <summary>Every request goes to the one upstream address, with the client's Authorization swapped for the app's.</summary>
sealed class FixedCredentials(Uri upstream, string authorization) : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix,
        CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.Headers.Remove("Authorization");
        proxyRequest.Headers.TryAddWithoutValidation("Authorization", authorization);
        proxyRequest.RequestUri = upstream;
    }
}
