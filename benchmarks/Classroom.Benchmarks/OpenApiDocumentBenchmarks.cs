using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Swashbuckle.AspNetCore.Swagger;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Classroom.Benchmarks;

/// <summary>
/// GET /swagger/v1/swagger.json on the sandbox gateway in-process, as the gateway serves it (generated once, then
/// serialized per request) and as Swashbuckle's own registration does (generated and serialized per request).
/// The gateway runs in the benchmark's process (a test server), so the bytes counted per request are the server's and
/// the in-memory client's, alike on both sides.
/// </summary>
[MemoryDiagnoser]
public class OpenApiDocumentBenchmarks
{
    const string DocumentUrl = "/swagger/v1/swagger.json";

    readonly SandboxGateway _generatedOnce = new(generateEveryTime: false);
    readonly SandboxGateway _generatedEveryTime = new(generateEveryTime: true);
    HttpClient _generatedOnceClient = null!;
    HttpClient _generatedEveryTimeClient = null!;

    [GlobalSetup]
    public async Task Start()
    {
        _generatedOnceClient = _generatedOnce.CreateClient();
        _generatedEveryTimeClient = _generatedEveryTime.CreateClient();
        // The first answer of each builds what later requests reuse (routes, XML comments, the cached document).
        await Get(_generatedOnceClient);
        await Get(_generatedEveryTimeClient);
    }

    [GlobalCleanup]
    public async Task Stop()
    {
        _generatedOnceClient.Dispose();
        _generatedEveryTimeClient.Dispose();
        await _generatedOnce.DisposeAsync();
        await _generatedEveryTime.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public Task<long> GeneratedOnEveryRequest() => Get(_generatedEveryTimeClient);

    [Benchmark]
    public Task<long> GeneratedOnce() => Get(_generatedOnceClient);

    static async Task<long> Get(HttpClient client)
    {
        using var response = await client.GetAsync(DocumentUrl, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var counter = new CountingStream();
        await body.CopyToAsync(counter);
        return counter.Length;
    }

    /// <summary>The sandbox gateway, quiet; with Swashbuckle's transient generator in place of the cache when asked.</summary>
    /// <remarks>Any type of the gateway names its assembly; <c>Program</c> would be this project's own.</remarks>
    sealed class SandboxGateway(bool generateEveryTime) : WebApplicationFactory<Gateway.OpenApi.CachedSwaggerProvider>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            // Found from the repository: BenchmarkDotNet's runner is not the assembly that names the gateway's folder.
            builder.UseContentRoot(Path.Combine(RepositoryRoot(), "src", "Gateway"));
            builder.UseEnvironment("Development");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Events:PollingEnabled", "false");
            if (generateEveryTime)
            {
                builder.ConfigureTestServices(services =>
                {
                    services.Replace(ServiceDescriptor.Transient<ISwaggerProvider>(s => s.GetRequiredService<SwaggerGenerator>()));
                    services.Replace(ServiceDescriptor.Transient<IAsyncSwaggerProvider>(s => s.GetRequiredService<SwaggerGenerator>()));
                });
            }
        }
    }

    static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "Gateway.sln")))
        {
            directory = directory.Parent ?? throw new InvalidOperationException($"No Gateway.sln above {AppContext.BaseDirectory}.");
        }
        return directory.FullName;
    }

    /// <summary>Reads the body to its end without keeping it, so the client's side costs the same for both.</summary>
    sealed class CountingStream : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Position;
        public override long Position { get; set; }
        public override void Write(byte[] buffer, int offset, int count) => Position += count;
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Position += buffer.Length;
            return ValueTask.CompletedTask;
        }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
