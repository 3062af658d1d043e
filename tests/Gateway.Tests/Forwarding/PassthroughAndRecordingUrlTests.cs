using System.Net;
using System.Text;
using System.Text.Json;
using Classroom.Agora;
using Classroom.Agora.Tokens;
using Gateway.Configuration;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Forwarding;

/// <summary>The passthrough and the web recording URL, with each <c>Agora:UpstreamCredential</c>.</summary>
public abstract class PassthroughAndRecordingUrlTests(UpstreamCredential credential)
{
    public sealed class WithTheAppToken() : PassthroughAndRecordingUrlTests(UpstreamCredential.App);

    public sealed class AsTheCaller() : PassthroughAndRecordingUrlTests(UpstreamCredential.Caller);

    GatewayFactory InFrontOf(Uri upstream, params (string Key, string? Value)[] settings) =>
        GatewayFactory.InFrontOf(upstream, [UpstreamCredentialAssert.SettingFor(credential), .. settings]);

    [Fact]
    public async Task PassesAnAdminCallThroughVerbatimUnderTheRegion()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = InFrontOf(upstream.BaseUrl, ("Agora:Region", "na"));
        using var client = gateway.CreateClient(TestJwt.Admin().Sign());
        var target = $"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/a%20b/users/u1?x=1%202";

        var response = await client.PutAsync(target, new StringContent("""{"userName":"u","role":2}""", Encoding.UTF8, "application/json"), Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(upstream.Requests);
        Assert.Equal("/na" + target, received.RawTarget);
        UpstreamCredentialAssert.CarriesTheGatewaysCredential(received.Header, credential, "admin-1");
        Assert.Equal("""{"userName":"u","role":2}""", Encoding.UTF8.GetString(received.Body));
    }

    [Theory]
    [InlineData("/edu/apps/0123456789abcdef0123456789abcdef/v2/rooms/a")]
    [InlineData("/edu/polling/apps/0123456789abcdef0123456789abcdef/v2/rooms/sequences")]
    [InlineData("/edu/polling/apps/" + Classroom.Agora.AgoraSandbox.AppId + "/v2/rooms/sequences")]
    [InlineData("/edu/other")]
    public async Task RefusesAPassthroughToAnotherAppOrToTheOnceOnlyQueue(string target)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Admin().Sign());

        var response = await client.GetAsync(target, Json.Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task TakesTheEncodedSlashesOfAGeneratedClientAsSlashes()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = InFrontOf(upstream.BaseUrl);
        using var client = OnASocket(gateway);

        var response = await client.GetAsync($"/edu/apps%2F{AgoraSandbox.AppId}%2Fv2%2Frooms%2Fa%20b%2Fusers%2Fu1?x=1", Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/a%20b/users/u1?x=1", Assert.Single(upstream.Requests).RawTarget);
    }

    /// <summary>Over Kestrel, whose raw target keeps what the client encoded (the test server's does not).</summary>
    [Theory]
    [InlineData("/edu/apps%2F0123456789abcdef0123456789abcdef%2Fv2%2Frooms%2Fa")]
    [InlineData("/edu/polling%2Fapps%2F" + AgoraSandbox.AppId + "%2Fv2%2Frooms%2Fsequences")]
    [InlineData("/edu/apps%2F" + AgoraSandbox.AppId + "%2Fv2%2F..%2F..%2F..%2Fpolling%2Fapps%2F" + AgoraSandbox.AppId + "%2Fv2%2Frooms%2Fsequences")]
    [InlineData("/edu/apps%2F" + AgoraSandbox.AppId + "%2F..%2F0123456789abcdef0123456789abcdef%2Fv2%2Frooms%2Fa")]
    [InlineData("/edu/apps%252F" + AgoraSandbox.AppId + "%252Fv2%252Frooms%252Fa")]
    public async Task RefusesEncodedSlashesThatLeadToAnotherAppOrTheQueue(string target)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = InFrontOf(upstream.BaseUrl);
        using var client = OnASocket(gateway);

        var response = await client.GetAsync(target, Json.Cancel);

        // 400 for a dot segment (the path is invalid), 403 for a path outside what the passthrough reaches.
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.Forbidden });
        Assert.Empty(upstream.Requests);
    }

    static HttpClient OnASocket(GatewayFactory gateway)
    {
        var client = new HttpClient { BaseAddress = gateway.StartOnASocket() };
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Admin().Sign());
        return client;
    }

    [Fact]
    public async Task RefusesThePassthroughToTeachers()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(new TestJwt { Roles = "teacher", Rooms = "*" }.Sign());

        var response = await client.GetAsync($"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/a/records", Json.Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task BuildsTheWebRecordingUrlWhenTheClassroomPageIsConfigured()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = InFrontOf(upstream.BaseUrl, ("Agora:WebRecording:ClassroomUrl", "https://class.school.example/record"));
        using var client = gateway.CreateClient(TestJwt.Teacher("room 1").Sign());

        var response = await client.PutAsync("/api/v1/rooms/room%201/records/states/1?roomType=4&language=zh",
            new StringContent("""{"mode":"web","webRecordConfig":{"videoFps":30}}""", Encoding.UTF8, "application/json"), Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(Assert.Single(upstream.Requests).Body);
        var config = body.RootElement.GetProperty("webRecordConfig");
        Assert.Equal(30, config.GetProperty("videoFps").GetInt32());
        var url = new Uri(config.GetProperty("url").GetString()!);
        Assert.Equal("https://class.school.example/record", url.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(url.Query);
        Assert.Equal("room 1", query["roomUuid"]);
        Assert.Equal("4", query["roomType"]);
        Assert.Equal("0", query["roleType"]);
        Assert.Equal("false", query["pretest"]);
        Assert.Equal("zh", query["language"]);
        Assert.Equal(AgoraSandbox.AppId, query["appId"]);
        // The recorder's own room-user token, for this room as an invisible user: never the gateway's app token. It lives
        // as long as a recording may by default (24 h), as the recorder's page cannot renew it: not the gateway's hour.
        foreach (var at in (TimeSpan[])[TimeSpan.Zero, TimeSpan.FromHours(23.9)])
        {
            var grants = AgoraTokenVerifier.Verify(query["rtmToken"], AgoraSandbox.Credentials, DateTimeOffset.UtcNow + at);
            Assert.Equal(AgoraTokenCheck.Valid, grants.RoomUser("room 1", query["userUuid"]!, 0));
            Assert.Equal(AgoraTokenCheck.Valid, grants.RtmLogin(query["userUuid"]));
            Assert.NotEqual(AgoraTokenCheck.Valid, grants.App());
        }
        Assert.NotEqual(AgoraTokenCheck.Valid, AgoraTokenVerifier.Verify(query["rtmToken"], AgoraSandbox.Credentials, DateTimeOffset.UtcNow.AddHours(24.1))
            .RoomUser("room 1", query["userUuid"]!, 0));
    }

    /// <summary>
    /// Every client of a class is in one region: the recorder's page is told the region the join tells every other client
    /// (<c>JoinTests</c>), else it would enter the class in its SDK's default region, apart from the class, and record
    /// nothing of it.
    /// </summary>
    [Theory]
    [InlineData(null, "CN")]
    [InlineData("eu", "EU")]
    public async Task TheWebRecordingPageIsToldTheRegionOfEveryOtherClient(string? region, string told)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = InFrontOf(upstream.BaseUrl,
            ("Agora:WebRecording:ClassroomUrl", "https://class.school.example/record"), ("Agora:Region", region));
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var response = await client.PutAsync("/api/v1/rooms/room-1/records/states/1?roomType=4",
            new StringContent("""{"mode":"web"}""", Encoding.UTF8, "application/json"), Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(Assert.Single(upstream.Requests).Body);
        var url = new Uri(body.RootElement.GetProperty("webRecordConfig").GetProperty("url").GetString()!);
        Assert.Equal(told, QueryHelpers.ParseQuery(url.Query)["region"]);
    }

    /// <summary>The configured page is sent as it was written, its percent-encoding kept, with the launch query after its own.</summary>
    [Fact]
    public async Task TheWebRecordingUrlKeepsTheEncodingOfTheConfiguredPage()
    {
        const string Page = "https://class.school.example/my%20class/g%C3%A9o?term=a%26b";
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = InFrontOf(upstream.BaseUrl, ("Agora:WebRecording:ClassroomUrl", Page));
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var response = await client.PutAsync("/api/v1/rooms/room-1/records/states/1?roomType=4",
            new StringContent("""{"mode":"web"}""", Encoding.UTF8, "application/json"), Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(Assert.Single(upstream.Requests).Body);
        Assert.StartsWith(Page + "&userUuid=", body.RootElement.GetProperty("webRecordConfig").GetProperty("url").GetString());
    }

    /// <summary>A web recording's start, its <c>webRecordConfig</c> holding <paramref name="config"/>'s members.</summary>
    static StringContent Web(string config) => new("""{"mode":"web","webRecordConfig":{""" + config + "}}", Encoding.UTF8, "application/json");

    /// <summary>
    /// The URL is built only for a recording that names no page: a client's own <c>rootUrl</c> is kept. Its query is read
    /// only then: every room type the gateway creates, and a stop is not refused for a query it does not use.
    /// </summary>
    [Fact]
    public async Task TheWebRecordingUrlIsBuiltOnlyForARecordingThatNamesNoPage()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = InFrontOf(upstream.BaseUrl, ("Agora:WebRecording:ClassroomUrl", "https://class.school.example/record"));
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var rooted = await client.PutAsync("/api/v1/rooms/room-1/records/states/1?roomType=4", Web("""
            "rootUrl":"https://root.example/x"
            """), Json.Cancel);
        var cloud = await client.PutAsync("/api/v1/rooms/room-1/records/states/1?roomType=10", Web(""), Json.Cancel);
        var stopped = await client.PutAsync("/api/v1/rooms/room-1/records/states/0?roomType=abc", null, Json.Cancel);
        var unreadable = await client.PutAsync("/api/v1/rooms/room-1/records/states/1?roomType=abc", Web(""), Json.Cancel);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { rooted.StatusCode, cloud.StatusCode, stopped.StatusCode });
        var sent = upstream.Requests.Select(r => JsonDocument.Parse(r.Body.Length > 0 ? r.Body : "{}"u8.ToArray()).RootElement).ToList();
        Assert.Equal(3, sent.Count);
        var kept = sent[0].GetProperty("webRecordConfig");
        Assert.Equal("https://root.example/x", kept.GetProperty("rootUrl").GetString());
        Assert.False(kept.TryGetProperty("url", out _));
        var built = new Uri(sent[1].GetProperty("webRecordConfig").GetProperty("url").GetString()!);
        Assert.Equal("10", QueryHelpers.ParseQuery(built.Query)["roomType"]);
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        Assert.True((await unreadable.ReadJson()).GetProperty("errors").TryGetProperty("roomType", out _));
    }

    /// <summary>
    /// The recorder's token the gateway mints lives 24 h, Agora's longest, and its page cannot renew it: a recording asked
    /// to run longer would go on blank once the token expired. Such a recording on a URL the gateway builds is a 400
    /// naming <c>maxRecordingHour</c>; on a page of the client's own it goes as it came, as does one of 24 h at most.
    /// </summary>
    [Fact]
    public async Task AWebRecordingOnTheBuiltUrlRunsNoLongerThanTheRecordersToken()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = InFrontOf(upstream.BaseUrl, ("Agora:WebRecording:ClassroomUrl", "https://class.school.example/record"));
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var longer = await client.PutAsync("/api/v1/rooms/room-1/records/states/1?roomType=4", Web("\"maxRecordingHour\":25"), Json.Cancel);
        var day = await client.PutAsync("/api/v1/rooms/room-1/records/states/1?roomType=4", Web("\"maxRecordingHour\":24"), Json.Cancel);
        var ownPage = await client.PutAsync("/api/v1/rooms/room-1/records/states/1",
            Web("\"url\":\"https://own.school.example/record\",\"maxRecordingHour\":720"), Json.Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, longer.StatusCode);
        Assert.True((await longer.ReadJson()).GetProperty("errors").TryGetProperty("webRecordConfig.maxRecordingHour", out _));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], new[] { day.StatusCode, ownPage.StatusCode });
        Assert.Equal(2, upstream.Requests.Count);
    }

    [Fact]
    public async Task WithoutTheClassroomPageAWebRecordingNeedsItsUrl()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var response = await client.PutAsync("/api/v1/rooms/room-1/records/states/1?roomType=4",
            new StringContent("""{"mode":"web"}""", Encoding.UTF8, "application/json"), Json.Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task NoTokenMeansA503AndNoForward()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = InFrontOf(upstream.BaseUrl);
        using var failing = gateway.WithWebHostBuilder(builder => builder.ConfigureTestServices(new FailingCredentials(failing: true).ReplaceIn));
        using var client = failing.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestJwt.Student("room-1").Sign());

        var response = await client.GetAsync("/api/v1/rooms/room-1/resources", Json.Cancel);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(503, (await response.ReadJson()).GetProperty("code").GetInt32());
        Assert.Empty(upstream.Requests);
    }
}
