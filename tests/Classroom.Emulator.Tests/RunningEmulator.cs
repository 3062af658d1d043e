using System.Net.Http.Json;
using System.Text.Json;
using Classroom.Agora;
using Classroom.Agora.Tokens;
using Classroom.Emulator.Faults;
using Classroom.Emulator.Journal;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Classroom.Emulator.Tests;

/// <summary>An emulator on a loopback port with a clock the test moves; each test starts its own.</summary>
sealed class RunningEmulator : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    readonly WebApplication _app;
    readonly List<HttpClient> _clients = [];

    RunningEmulator(WebApplication app, FakeTimeProvider clock)
    {
        _app = app;
        Clock = clock;
        BaseAddress = new Uri(app.Urls.First());
    }

    public FakeTimeProvider Clock { get; }
    public Uri BaseAddress { get; }
    public string AppId { get; private init; } = AgoraSandbox.AppId;
    public ReceivedRequestJournal Journal => _app.Services.GetRequiredService<ReceivedRequestJournal>();
    public EmulatedFaults Faults => _app.Services.GetRequiredService<EmulatedFaults>();

    public static async Task<RunningEmulator> StartAsync(params string[] args)
    {
        var clock = new FakeTimeProvider(Start);
        var app = EmulatorHost.Build(args, "http://127.0.0.1:0", services => services.AddSingleton<TimeProvider>(clock));
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new RunningEmulator(app, clock);
    }

    /// <summary>A client that calls as <paramref name="uid"/>, with a token our builder signed at the emulator's time.</summary>
    public HttpClient ClientFor(string uid = "teacher-1", AgoraCredentials? credentials = null, TimeSpan? lifetime = null)
    {
        var token = new RtmTokenBuilder(Clock).Build(credentials ?? AgoraSandbox.Credentials, uid, lifetime ?? TimeSpan.FromHours(24));
        return ClientWith(token.Token, uid);
    }

    public HttpClient ClientWith(string? token, string? uid)
    {
        var client = Anonymous();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Add("x-agora-token", token);
        }
        if (uid is not null)
        {
            client.DefaultRequestHeaders.Add("x-agora-uid", uid);
        }
        return client;
    }

    public HttpClient Anonymous()
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        _clients.Add(client);
        return client;
    }

    /// <summary>An Agora path of this app; the segments of <paramref name="ids"/> are percent-encoded as a client must.</summary>
    public string Path(string template, params string[] ids) =>
        $"/edu/apps/{AppId}" + string.Format(System.Globalization.CultureInfo.InvariantCulture, template, [.. ids.Select(Uri.EscapeDataString)]);

    /// <summary>A URI of this emulator that HttpClient sends as written, dot segments and escapes alike.</summary>
    public Uri Verbatim(string path) =>
        new(BaseAddress + path.TrimStart('/'), new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

    public string PollPath => $"/edu/polling/apps/{AppId}/v2/rooms/sequences";

    public async Task CreateRoomAsync(HttpClient client, string roomUuid)
    {
        var response = await client.PostAsJsonAsync(Path("/v2/rooms/{0}", roomUuid), new { roomName = "Room", roomType = 4 }, Ct);
        await Expect.Success(response);
    }

    /// <summary>Any method with any body, as Agora's DELETE calls carry one.</summary>
    public static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, HttpContent? body = null) =>
        client.SendAsync(new HttpRequestMessage(method, path) { Content = body }, Ct);

    public async Task EnterAsync(HttpClient client, string roomUuid, string userUuid, string userName = "Ann", object? role = null) =>
        await Expect.Success(await client.PutAsync(Path("/v2/rooms/{0}/users/{1}", roomUuid, userUuid), Json.User(userName, role), Ct));

    /// <summary><c>data</c> of query classroom.</summary>
    public async Task<JsonElement> QueryRoomAsync(HttpClient client, string roomUuid) =>
        await Expect.Success(await client.GetAsync(Path("/v2/rooms/{0}", roomUuid), Ct));

    /// <summary>The room's events, of one cmd when given.</summary>
    public async Task<JsonElement[]> EventsAsync(HttpClient client, string roomUuid, int? cmd = null)
    {
        var query = cmd is null ? "" : $"?cmd={cmd}";
        var page = await Expect.Success(await client.GetAsync(Path("/v2/rooms/{0}/sequences", roomUuid) + query, Ct));
        return [.. page.GetProperty("list").EnumerateArray()];
    }

    /// <summary>What the app-wide queue hands out now (each event once).</summary>
    public async Task<JsonElement[]> PollAsync(HttpClient client) =>
        [.. (await Expect.Success(await client.GetAsync(PollPath, Ct))).EnumerateArray()];

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        await _app.DisposeAsync();
    }
}

/// <summary>Assertions on Agora's answer shapes: status and body together.</summary>
static class Expect
{
    public static async Task<JsonElement> Body(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(RunningEmulator.Ct);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>200 with <c>{"code":0,"msg":"Success","ts":…}</c>; returns <c>data</c> (undefined when absent).</summary>
    public static async Task<JsonElement> Success(HttpResponseMessage response)
    {
        var body = await Body(response);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.Equal(0, body.GetProperty("code").GetInt32());
        Assert.Equal("Success", body.GetProperty("msg").GetString());
        Assert.True(body.GetProperty("ts").GetInt64() > 0);
        return body.TryGetProperty("data", out var data) ? data : default;
    }

    /// <summary>The HTTP status and Agora's <c>{"code","msg","ts"}</c> with the business code, and no data.</summary>
    public static async Task<string> Failure(HttpResponseMessage response, int status, int code)
    {
        var body = await Body(response);
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal(code, body.GetProperty("code").GetInt32());
        Assert.True(body.GetProperty("ts").GetInt64() > 0);
        Assert.False(body.TryGetProperty("data", out _));
        var message = body.GetProperty("msg").GetString();
        Assert.False(string.IsNullOrEmpty(message));
        return message!;
    }

    /// <summary>A 401 as Agora gives it: <c>{"message":"invalid token"}</c> and no business code.</summary>
    public static Task Unauthorized(HttpResponseMessage response, string message = "invalid token") =>
        WithoutCode(response, System.Net.HttpStatusCode.Unauthorized, message);

    /// <summary>Agora's answer to a path its API does not have: 404, <c>{"message":"no such resource"}</c>, no business code.</summary>
    public static Task NoSuchPath(HttpResponseMessage response) =>
        WithoutCode(response, System.Net.HttpStatusCode.NotFound, "no such resource");

    static async Task WithoutCode(HttpResponseMessage response, System.Net.HttpStatusCode status, string message)
    {
        var body = await Body(response);
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal(message, body.GetProperty("message").GetString());
        Assert.False(body.TryGetProperty("code", out _));
    }
}
