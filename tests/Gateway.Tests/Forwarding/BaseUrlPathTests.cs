using System.Net;
using Classroom.Agora;
using Gateway.Tests.Support;

namespace Gateway.Tests.Forwarding;

/// <summary>
/// An Agora base URL with a path (a proxy's prefix, say): every call goes under it, the gateway's own calls as the
/// forwarded ones, so a call that fails over names the host it failed on.
/// </summary>
public sealed class BaseUrlPathTests
{
    static readonly string AppPath = $"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/room-1";

    [Fact]
    public async Task EveryCallGoesUnderTheBaseUrlsPath()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(new Uri(upstream.BaseUrl, "gw/agora/"));
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        await teacher.GetAsync("/api/v1/rooms/room-1", Json.Cancel);
        await teacher.GetAsync("/api/v1/rooms/room-1/sequences", Json.Cancel);

        Assert.Equal([$"/gw/agora{AppPath}", $"/gw/agora{AppPath}/sequences"], upstream.Requests.Select(r => r.RawTarget));
    }

    [Fact]
    public async Task ACallThePrimaryWithAPathRefusesGoesToTheBackupAtOnce()
    {
        await using var backup = await RecordingUpstream.StartAsync();
        using var refusing = new RefusingPort();
        var primary = new Uri(refusing.Url, "p/");
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(primary, ("Agora:BackupBaseUrl", new Uri(backup.BaseUrl, "b/").ToString())));
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var asked = await teacher.GetAsync("/api/v1/rooms/room-1", Json.Cancel);

        Assert.NotEqual(HttpStatusCode.BadGateway, asked.StatusCode);
        Assert.Equal($"/b{AppPath}", Assert.Single(backup.Requests).RawTarget);
    }
}
