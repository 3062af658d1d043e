using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Tests.Support;

namespace Gateway.Tests.Deploy;

/// <summary>
/// deploy/nginx.conf run by Debian's nginx (installed by test.sh) in front of gateways on loopback: the shipped
/// configuration, with only its addresses, its certificate and the folders nginx writes to changed.
/// </summary>
public sealed class Nginx : IAsyncDisposable
{
    const string ConfigurationFile = "deploy/nginx.conf";

    readonly GatewayProcess.Running _process;
    readonly string _folder;

    Nginx(GatewayProcess.Running process, string folder, Uri tls, Uri plain)
    {
        _process = process;
        _folder = folder;
        Tls = tls;
        Plain = plain;
    }

    /// <summary>What nginx wrote so far: its access log goes to its standard output.</summary>
    public string Output => _process.Output;

    /// <summary>Where TLS ends: what a client on the internet reaches.</summary>
    public Uri Tls { get; }

    /// <summary>nginx's plain HTTP port, which sends every request on to HTTPS.</summary>
    public Uri Plain { get; }

    /// <summary>HTTP/2 as Debian's nginx (1.22) spells it: a flag of <c>listen</c>; the shipped file's <c>http2 on;</c> is 1.25's.</summary>
    public static string Http2(string configuration) => configuration.Replace(" ssl;", " ssl http2;", StringComparison.Ordinal);

    /// <summary>
    /// A client of <see cref="Tls"/> that takes the test's self-signed certificate; with <paramref name="version"/>, every
    /// request it sends is in exactly that HTTP version.
    /// </summary>
    public HttpClient CreateClient(Version? version = null)
    {
        HttpMessageHandler handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } };
        return new(version is null ? handler : new Versioned(version) { InnerHandler = handler }) { BaseAddress = Tls };
    }

    /// <summary>Sends every request in exactly one HTTP version: a request the client builds itself is 1.1 otherwise.</summary>
    sealed class Versioned(Version version) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Version = version;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>
    /// nginx with the shipped configuration in front of <paramref name="gateway"/>; <paramref name="edit"/> changes the
    /// test's copy further (HTTP/2 as Debian's nginx spells it, or a value whose relation to another the test is about).
    /// </summary>
    public static Task<Nginx> StartInFrontOfAsync(Uri gateway, Func<string, string>? edit = null) =>
        StartInFrontOfAsync(gateway, gateway, edit);

    /// <summary>
    /// nginx with the shipped configuration in front of two gateways, as Compose runs it: <paramref name="first"/> as
    /// <c>gateway-1</c>, which each worker of a fresh nginx sends its first request to, <paramref name="second"/> as <c>gateway-2</c>.
    /// </summary>
    public static async Task<Nginx> StartInFrontOfAsync(Uri first, Uri second, Func<string, string>? edit = null)
    {
        var folder = Directory.CreateTempSubdirectory("nginx-").FullName;
        // Run as root, nginx's workers are "nobody", and they write request bodies and answers under this folder.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        }
        WriteSelfSignedCertificate(folder);
        return await LoopbackPort.StartOnAFreePortAsync(async tlsPort =>
        {
            var plainPort = LoopbackPort.Free();
            var configuration = Path.Combine(folder, "nginx.conf");
            File.WriteAllText(configuration, (edit ?? (text => text))(Configuration(first, second, plainPort, tlsPort, folder)));
            var program = File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";
            var running = await GatewayProcess.StartAsync([program, "-p", folder, "-c", configuration, "-e", "stderr",
                "-g", $"daemon off; pid {folder}/nginx.pid;"], folder, new Dictionary<string, string>(), baseUrl: null,
                new Uri($"http://127.0.0.1:{plainPort}/nginx-health"), TimeSpan.FromSeconds(30));
            return new Nginx(running, folder, new Uri($"https://127.0.0.1:{tlsPort}"), new Uri($"http://127.0.0.1:{plainPort}"));
        });
    }

    static string Configuration(Uri first, Uri second, int plainPort, int tlsPort, string folder)
    {
        var text = File.ReadAllText(Repository.PathOf(ConfigurationFile));
        (string From, string To)[] changes =
        [
            ("gateway-1:8080", first.Authority),
            ("gateway-2:8080", second.Authority),
            ("listen 80;", $"listen 127.0.0.1:{plainPort};"),
            ("listen 443 ssl;", $"listen 127.0.0.1:{tlsPort} ssl;"),
            ("/etc/nginx/tls/", folder + "/"),
            ("unix:/var/run/nginx-writes.sock", $"unix:{folder}/writes.sock"),
            ("http2 on;", ""), // a directive of nginx 1.25 (Compose runs 1.27); Debian 12 has 1.22, where HTTP/2 is a listen flag
            ("http {", $"http {{\n    client_body_temp_path {folder}/body;\n    proxy_temp_path {folder}/proxy;\n"
                + $"    fastcgi_temp_path {folder}/fastcgi;\n    uwsgi_temp_path {folder}/uwsgi;\n    scgi_temp_path {folder}/scgi;"),
        ];
        foreach (var (from, to) in changes)
        {
            Assert.Contains(from, text);
            text = text.Replace(from, to, StringComparison.Ordinal);
        }
        return text;
    }

    static void WriteSelfSignedCertificate(string folder)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(folder, "tls.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "tls.key"), key.ExportPkcs8PrivateKeyPem());
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
