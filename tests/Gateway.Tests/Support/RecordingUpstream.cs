using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Support;

/// <summary>
/// A stand-in upstream on a real loopback socket: it records exactly what arrived (raw path, headers, body) and
/// answers as the test says — Agora's success envelope by default, or any status, body or misbehaviour.
/// </summary>
public sealed class RecordingUpstream : IAsyncDisposable
{
    public sealed record Received(string Method, string RawTarget, IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }

    readonly WebApplication _app;

    RecordingUpstream(WebApplication app) => _app = app;

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>Requests whose head arrived, whether or not their body did: one cut off midway is not in <see cref="Requests"/>.</summary>
    public int Arrived => Volatile.Read(ref _arrived);

    int _arrived;

    public Func<HttpContext, Task> Respond { get; set; } = context => Reply(context, 200, """{"code":0,"msg":"Success","ts":1,"data":null}""");

    public Uri BaseUrl => new(_app.Urls.First());

    public static async Task<RecordingUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new RecordingUpstream(app);
        app.Run(async context =>
        {
            Interlocked.Increment(ref upstream._arrived);
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            upstream.Requests.Enqueue(new Received(
                context.Request.Method,
                context.Features.Get<IHttpRequestFeature>()!.RawTarget,
                context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
                body.ToArray()));
            await upstream.Respond(context);
        });
        await app.StartAsync();
        return upstream;
    }

    public static Task Reply(HttpContext context, int status, string body, string contentType = "application/json")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body);
    }

    /// <summary>Resets the connection instead of answering.</summary>
    public static Task Abort(HttpContext context)
    {
        context.Abort();
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
