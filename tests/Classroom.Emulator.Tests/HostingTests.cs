using System.Net;
using Classroom.Agora;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

namespace Classroom.Emulator.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task DefaultsToTheSandboxCredentials()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.ClientFor().GetAsync($"/edu/polling/apps/{AgoraSandbox.AppId}/v2/rooms/sequences", RunningEmulator.Ct);

        var data = await Expect.Success(response);
        Assert.Equal(0, data.GetArrayLength());
    }

    /// <summary>Its root says what it is, without credentials, for a person or a script checking the address.</summary>
    [Fact]
    public async Task ItsRootSaysWhatItIs()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = emulator.ClientFor().BaseAddress };

        var response = await anonymous.GetAsync("/", RunningEmulator.Ct);

        var body = await Expect.Body(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"service":"Flexible Classroom emulator"}""", body.GetRawText());
    }

    [Fact]
    public async Task TakesItsCredentialsFromTheArguments()
    {
        var credentials = new AgoraCredentials("0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210");
        await using var emulator = await RunningEmulator.StartAsync($"--Agora:AppId={credentials.AppId}", $"--Agora:AppCertificate={credentials.AppCertificate}");

        var own = await emulator.ClientFor("u", credentials).GetAsync($"/edu/polling/apps/{credentials.AppId}/v2/rooms/sequences", RunningEmulator.Ct);
        var sandbox = await emulator.ClientFor("u").GetAsync($"/edu/polling/apps/{AgoraSandbox.AppId}/v2/rooms/sequences", RunningEmulator.Ct);

        await Expect.Success(own);
        await Expect.Unauthorized(sandbox, "invalid appId");
    }

    [Theory]
    [InlineData("--Agora:AppId=not-hex", "Agora:AppId")]
    [InlineData("--Agora:AppCertificate=0123", "Agora:AppCertificate")]
    public async Task RefusesToStartWithInvalidCredentialsNamingTheKey(string argument, string key)
    {
        await using var app = EmulatorHost.Build([argument], "http://127.0.0.1:0");

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(RunningEmulator.Ct));

        Assert.Contains(key, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sometimes")]
    [InlineData("2")]
    [InlineData("")]
    public async Task RefusesToStartWithUnknownCredentialsNamingTheKey(string value)
    {
        await using var app = EmulatorHost.Build([$"--Emulator:Credentials={value}"], "http://127.0.0.1:0");

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync(RunningEmulator.Ct));

        Assert.Contains("Emulator:Credentials", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/cn")]
    [InlineData("/ap")]
    [InlineData("/eu")]
    [InlineData("/na")]
    public async Task ServesTheSameApiBehindARegionPrefix(string region)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();

        await Expect.Success(await client.PostAsync(region + emulator.Path("/v2/rooms/{0}", "r1"), Json.Room(), RunningEmulator.Ct));
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/1", "r1"), null, RunningEmulator.Ct));
        var polled = await Expect.Success(await client.GetAsync(region + emulator.PollPath, RunningEmulator.Ct));

        Assert.Equal(1, polled.GetArrayLength());
    }

    [Theory]
    [InlineData("/nowhere")]
    [InlineData("/us/edu/apps/5a4dc0ffee5a4dc0ffee5a4dc0ffee00/v2/rooms/r1")]
    [InlineData("/edu/apps/5a4dc0ffee5a4dc0ffee5a4dc0ffee00/v3/rooms/r1")]
    // A last segment with a dot, as an id may have, is no file name to this host.
    [InlineData("/x.txt")]
    [InlineData("/edu/apps/5a4dc0ffee5a4dc0ffee5a4dc0ffee00/v1/rooms/r1/resources/deck.pptx/more.json")]
    public async Task AnswersAnUnknownPathWith404AndNoBusinessCode(string path)
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.ClientFor().PostAsync(path, Json.Room(), RunningEmulator.Ct);

        await Expect.NoSuchPath(response);
    }

    /// <summary>
    /// AGORA.md names no 405: a method that a path of the API does not take makes no call of it, answered as a path it
    /// does not have is, a bare 404 without <c>Allow</c>, and the room stays as it was.
    /// </summary>
    [Theory]
    [InlineData("DELETE", "/v2/rooms/{0}")]
    [InlineData("GET", "/v2/rooms/{0}/states/1")]
    [InlineData("POST", "/v1/rooms/{0}/resources")]
    [InlineData("PUT", "/v2/rooms/{0}/users/u1/exit")]
    [InlineData("OPTIONS", "/v2/rooms/{0}/records")]
    public async Task AnswersAMethodAPathDoesNotTakeAsAnUnknownPath(string method, string template)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r1");

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), emulator.Path(template, "r1")), RunningEmulator.Ct);

        await Expect.NoSuchPath(response);
        Assert.Empty(response.Content.Headers.Allow);
        Assert.Equal(0, (await emulator.QueryRoomAsync(client, "r1")).GetProperty("state").GetInt32());
    }

    [Fact]
    public async Task AnswersAnUnexpectedFailureWithAgoras500AndNoStackTrace()
    {
        await using var app = EmulatorHost.Build([], "http://127.0.0.1:0");
        app.MapGet("/boom", string () => throw new InvalidOperationException("secret detail"));
        await app.StartAsync(RunningEmulator.Ct);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        var response = await client.GetAsync("/boom", RunningEmulator.Ct);

        var message = await Expect.Failure(response, 500, 500);
        Assert.DoesNotContain("secret", message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", await response.Content.ReadAsStringAsync(RunningEmulator.Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JournalsTheRawTargetAndEveryHeader()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor("teacher-1");
        client.DefaultRequestHeaders.Add("x-request-marker", "m-1");

        await client.GetAsync(emulator.Path("/v2/rooms/{0}/sequences", "a b%c") + "?cmd=1&nextId=", RunningEmulator.Ct);

        var entry = Assert.Single(emulator.Journal.Entries);
        Assert.Equal("GET", entry.Method);
        Assert.Equal(emulator.Path("/v2/rooms/{0}/sequences", "a b%c"), entry.RawPath);
        Assert.Contains("a%20b%25c", entry.RawPath, StringComparison.Ordinal);
        Assert.Equal("?cmd=1&nextId=", entry.RawQuery);
        Assert.Equal("teacher-1", entry.Header("x-agora-uid"));
        Assert.StartsWith("007", entry.Header("X-Agora-Token"), StringComparison.Ordinal);
        Assert.Equal("m-1", entry.Header("x-request-marker"));
        Assert.Null(entry.Header("authorization"));
        Assert.Equal(RunningEmulator.Start, entry.ReceivedAt);
    }

    [Fact]
    public async Task JournalCanBeClearedAndWaitedOn()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await client.GetAsync(emulator.PollPath, RunningEmulator.Ct);
        emulator.Journal.Clear();
        Assert.Empty(emulator.Journal.Entries);

        var waiting = emulator.Journal.WaitForAsync(entry => entry.Method == "DELETE", RunningEmulator.Ct);
        Assert.False(waiting.IsCompleted);
        await client.DeleteAsync(emulator.Path("/v1/rooms/{0}/resources", "r1"), RunningEmulator.Ct);
        var entry = await waiting;

        Assert.Equal(emulator.Path("/v1/rooms/{0}/resources", "r1"), entry.RawPath);
        Assert.Single(emulator.Journal.Entries);
    }

    [Fact]
    public async Task JournalKeepsOnlyTheLatestThousandRequests()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.Anonymous();

        for (var i = 0; i < 1005; i++)
        {
            await client.GetAsync($"/nowhere/{i}", RunningEmulator.Ct);
        }

        var entries = emulator.Journal.Entries;
        Assert.Equal(1000, entries.Count);
        Assert.Equal("/nowhere/5", entries[0].RawPath);
        Assert.Equal("/nowhere/1004", entries[^1].RawPath);
    }
}
