using System.Net;
using Gateway.Resilience;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;

namespace Gateway.Tests.Support;

/// <summary>
/// The two ways an instance holds a write back before it reaches Agora, answering 503 as an Agora that failed would: its
/// circuit is open, or no Agora token can be minted for the call.
/// </summary>
public static class UnsentWrites
{
    public const string CircuitOpen = "circuit open";
    public const string NoToken = "no token";

    /// <summary>
    /// From now on <paramref name="instance"/> (whose credentials are <paramref name="credentials"/>) sends Agora no write:
    /// for <see cref="CircuitOpen"/>, <paramref name="upstream"/> fails every write (another room's, here) until the
    /// instance's circuit opens; for <see cref="NoToken"/>, the credentials fail.
    /// </summary>
    public static async Task HoldBackAsync(string why, GatewayFactory instance, RecordingUpstream upstream, FailingCredentials credentials)
    {
        if (why == NoToken)
        {
            credentials.Fail();
            return;
        }
        var answers = upstream.Respond;
        upstream.Respond = context => HttpMethods.IsGet(context.Request.Method)
            ? answers(context)
            : RecordingUpstream.Reply(context, 503, "upstream overloaded", "text/plain");
        var breaker = instance.Services.GetRequiredService<UpstreamCircuitBreaker>();
        using var admin = instance.CreateClient(TestJwt.Admin().Sign());
        for (var failed = 0; failed < 20 && breaker.State != CircuitState.Open; failed++)
        {
            await admin.PutAsync("/api/v1/rooms/another-room/states/1", null, Json.Cancel);
        }
        Assert.Equal(CircuitState.Open, breaker.State);
    }

    /// <summary>
    /// On a writer instance whose credentials can fail and, with Redis, another instance: a student <paramref name="read"/>s
    /// through the other and a teacher through the writer until each is answered from the cache (<paramref name="hit"/>);
    /// then the writer holds writes back (<see cref="HoldBackAsync"/>), the teacher makes <paramref name="write"/> (of room-1),
    /// and both read again. The whole runs again while a lease lapsed, which rightly drops an instance's copies, on
    /// instances made anew: the writer of the last run holds writes back, and its reads with them.
    /// </summary>
    public static async Task<((T Teacher, T Student) Cached, HttpStatusCode Write, (T Teacher, T Student) After)> WriteAndReadAgainAsync<T>(
        string why, GatewayCluster cluster, Func<HttpClient, Task<T>> read, Func<T, bool> hit, Func<HttpClient, Task<HttpResponseMessage>> write)
    {
        return await Leases.HeldThroughout(async () =>
        {
            var credentials = new FailingCredentials();
            var writer = await cluster.AddConnectedInstanceAsync(credentials.ReplaceIn);
            var other = cluster.Deployment is null ? writer : await cluster.AddConnectedInstanceAsync();
            return ((IReadOnlyList<GatewayFactory>)(cluster.Deployment is null ? [] : [writer, other]), (writer, other, credentials));
        }, async made =>
        {
            using var teacher = made.writer.CreateClient(TestJwt.Teacher("room-1").Sign());
            using var student = made.other.CreateClient(TestJwt.Student("room-1").Sign());
            var cached = (await Poll.Until(() => read(teacher), hit), await Poll.Until(() => read(student), hit));
            await HoldBackAsync(why, made.writer, cluster.Upstream, made.credentials);
            var written = await write(teacher);
            return (cached, written.StatusCode, (await read(teacher), await read(student)));
        });
    }

    /// <summary>Whether any write naming <paramref name="roomUuid"/> reached <paramref name="upstream"/>.</summary>
    public static bool ReachedAgora(RecordingUpstream upstream, string roomUuid) =>
        upstream.Requests.Any(r => !HttpMethods.IsGet(r.Method) && r.RawTarget.Contains($"/rooms/{roomUuid}/", StringComparison.Ordinal));
}
