using System.Net;
using System.Text;
using Classroom.Agora;
using Classroom.Agora.Models;
using Classroom.Emulator;
using Classroom.Emulator.Journal;
using Gateway.Events;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Forwarding;

/// <summary>
/// <c>Agora:HttpVersion</c> and <c>Agora:HttpVersionPolicy</c> reach every call the gateway makes to Agora, proved
/// against an emulator whose only endpoint speaks HTTP/2 without TLS.
/// </summary>
public sealed class UpstreamHttpVersionTests
{
    const string Room = "room-h2";

    [Fact]
    public async Task ToldToSpeakHttp2ExactlyEveryUpstreamCallGoesOverHttp2()
    {
        await using var emulator = await StartHttp2OnlyEmulator();
        await using var gateway = GatewayFactory.InFrontOf(BaseUrl(emulator), ("Agora:HttpVersionPolicy", "RequestVersionExact"));
        using var teacher = gateway.CreateClient(TestJwt.Teacher(Room).Sign());
        var journal = emulator.Services.GetRequiredService<ReceivedRequestJournal>();

        var created = await teacher.PostAsync($"/api/v1/rooms/{Room}",
            new StringContent("""{"roomName":"Over HTTP/2","roomType":4}""", Encoding.UTF8, "application/json"), Json.Cancel);
        var started = await teacher.PutAsync($"/api/v1/rooms/{Room}/states/1", null, Json.Cancel);
        var resources = await teacher.GetAsync($"/api/v1/rooms/{Room}/resources", Json.Cancel);
        var ready = await gateway.CreateClient().GetAsync("/readyz", Json.Cancel);
        var polled = await gateway.Services.GetRequiredService<AgoraEventQueue>().TakeAsync();

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resources.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.False(polled.Failed, polled.Failure);
        Assert.Equal(EventCmd.ClassState, Assert.Single(polled.Events).Cmd);
        Assert.Equal(5, journal.Entries.Count);
        Assert.All(journal.Entries, entry => Assert.Equal("HTTP/2", entry.Protocol));
    }

    [Fact]
    public async Task ByDefaultAnHttpBaseUrlIsSpokenToInHttp11WhichAnHttp2OnlyUpstreamRefuses()
    {
        await using var emulator = await StartHttp2OnlyEmulator();
        await using var gateway = GatewayFactory.InFrontOf(BaseUrl(emulator));
        using var teacher = gateway.CreateClient(TestJwt.Teacher(Room).Sign());

        var read = await teacher.GetAsync($"/api/v1/rooms/{Room}/resources", Json.Cancel);

        Assert.False(read.IsSuccessStatusCode);
        Assert.Empty(emulator.Services.GetRequiredService<ReceivedRequestJournal>().Entries);
    }

    static async Task<WebApplication> StartHttp2OnlyEmulator()
    {
        var emulator = EmulatorHost.Build(
            ["--Kestrel:Endpoints:h2:Url=http://127.0.0.1:0", "--Kestrel:Endpoints:h2:Protocols=Http2",
             $"--Agora:AppId={AgoraSandbox.AppId}", $"--Agora:AppCertificate={AgoraSandbox.AppCertificate}"],
            defaultUrl: "http://127.0.0.1:0");
        await emulator.StartAsync(Json.Cancel);
        return emulator;
    }

    static Uri BaseUrl(WebApplication emulator) => new(emulator.Urls.Single());
}
