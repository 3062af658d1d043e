using System.Net;
using Classroom.Emulator.Faults;

namespace Classroom.Emulator.Tests;

public sealed class FaultTests
{
    [Fact]
    public async Task AnswersOverTheCallFrequencyWith429AndRetryAfterOnce()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        emulator.Faults.Add(new EmulatedFault(429) { Message = "too many requests", Headers = new Dictionary<string, string> { ["Retry-After"] = "2" } });

        var limited = await client.GetAsync(emulator.PollPath, RunningEmulator.Ct);
        var next = await client.GetAsync(emulator.PollPath, RunningEmulator.Ct);

        var body = await Expect.Body(limited);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("too many requests", body.GetProperty("message").GetString());
        Assert.False(body.TryGetProperty("code", out _));
        Assert.Equal(TimeSpan.FromSeconds(2), limited.Headers.RetryAfter?.Delta);
        await Expect.Success(next);
        Assert.Equal(2, emulator.Journal.Entries.Count);
    }

    [Theory]
    [InlineData(403, 30403200)]
    [InlineData(500, 500)]
    public async Task AnswersWithAgorasErrorShapeWhenGivenABusinessCode(int status, int code)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        emulator.Faults.Add(new EmulatedFault(status) { Code = code, Matches = request => request.RawPath.Contains("/states/", StringComparison.Ordinal) }, times: 2);

        var list = await client.GetAsync(emulator.Path("/v1/rooms/{0}/resources", "r"), RunningEmulator.Ct);
        var first = await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/1", "r"), null, RunningEmulator.Ct);
        var second = await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/1", "r"), null, RunningEmulator.Ct);
        var third = await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/1", "r"), null, RunningEmulator.Ct);

        await Expect.Success(list);
        await Expect.Failure(first, status, code);
        await Expect.Failure(second, status, code);
        await Expect.Success(third);
    }

    [Fact]
    public async Task CanAnswerWithANonJsonPage()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        emulator.Faults.Add(new EmulatedFault(503) { RawBody = "<html>Service Unavailable</html>" });

        var response = await emulator.ClientFor().GetAsync(emulator.PollPath, RunningEmulator.Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("<html>Service Unavailable</html>", await response.Content.ReadAsStringAsync(RunningEmulator.Ct));
    }

    [Fact]
    public async Task ClearedFaultsAnswerNothing()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        emulator.Faults.Add(new EmulatedFault(503), times: 5);

        emulator.Faults.Clear();

        await Expect.Success(await emulator.ClientFor().GetAsync(emulator.PollPath, RunningEmulator.Ct));
    }
}
