using System.Net;
using System.Text;
using Gateway.Tests.Support;

namespace Gateway.Tests.Forwarding;

/// <summary>Nothing invalid reaches Agora: each case is refused with a 400 problem naming the field, upstream untouched.</summary>
public sealed class ValidationTests
{
    public static TheoryData<string, string, string?, string> InvalidRequests() => new()
    {
        { "POST", "/api/v1/rooms/room-1", """{"roomName":"x","roomType":3}""", "roomType" },
        { "POST", "/api/v1/rooms/room-1", """{"roomType":4}""", "roomName" },
        { "POST", "/api/v1/rooms/room-1", "{\"roomName\":\"" + new string('n', 64) + "\",\"roomType\":4}", "roomName" },
        { "POST", "/api/v1/rooms/room-1", """{"roomName":"x","roomType":"four"}""", "roomType" },
        { "POST", "/api/v1/rooms/room-1", """{"roomName":"x",""", "body" },
        { "POST", "/api/v1/rooms/room-1", null, "body" },
        { "POST", "/api/v1/rooms/" + new string('r', 64), """{"roomName":"x","roomType":4}""", "roomUuid" },
        { "POST", "/api/v1/rooms/room%2A1", """{"roomName":"x","roomType":4}""", "roomUuid" },
        { "PUT", "/api/v1/rooms/room-1/states/3", null, "state" },
        { "PUT", "/api/v1/rooms/room-1/states/-1", null, "state" },
        { "PUT", "/api/v1/rooms/room-1/states/abc", null, "state" },
        { "POST", "/api/v1/rooms/room-1/users/u%2F1/exit", null, "userUuid" },
        { "POST", "/api/v1/rooms/room-1/users/u1/exit", """{"dirty":{"state":2,"duration":60}}""", "dirty.state" },
        { "POST", "/api/v1/rooms/room-1/users/u1/exit", """{"dirty":{"state":1,"duration":31536001}}""", "dirty.duration" },
        { "POST", "/api/v1/rooms/room-1/users/u1/exit", """{"dirty":{"state":1,"duration":-5}}""", "dirty.duration" },
        { "PUT", "/api/v1/rooms/room-1/records/states/2", null, "state" },
        { "PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"mp3"}""", "mode" },
        { "PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"web","webRecordConfig":{}}""", "webRecordConfig.url" },
        { "PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"web","webRecordConfig":{"url":"https://school.example/c","videoBitrate":49}}""", "webRecordConfig.videoBitrate" },
        { "PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"web","webRecordConfig":{"url":"https://school.example/c","videoFps":61}}""", "webRecordConfig.videoFps" },
        { "PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"web","webRecordConfig":{"url":"https://school.example/c","audioProfile":3}}""", "webRecordConfig.audioProfile" },
        { "PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"web","webRecordConfig":{"url":"https://school.example/c","videoWidth":479}}""", "webRecordConfig.videoWidth" },
        { "PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"web","webRecordConfig":{"url":"https://school.example/c","videoWidth":1280,"videoHeight":960}}""", "webRecordConfig.videoHeight" },
        { "PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"web","webRecordConfig":{"url":"https://school.example/c","maxRecordingHour":721}}""", "webRecordConfig.maxRecordingHour" },
        { "GET", "/api/v1/rooms/room-1/sequences?cmd=abc", null, "cmd" },
        { "PUT", "/api/v1/rooms/room-1/resources/doc-1", """{"resourceName":"a","size":10,"ext":"exe","url":"https://files.example/a.exe"}""", "ext" },
        { "PUT", "/api/v1/rooms/room-1/resources/doc-1", """{"resourceName":"a","ext":"pdf","url":"https://files.example/a.pdf"}""", "size" },
        { "PUT", "/api/v1/rooms/room-1/resources/doc-1", """{"resourceName":"a","size":10,"ext":"pdf"}""", "url" },
        { "PUT", "/api/v1/rooms/room-1/resources/doc-1", """{"resourceName":"a","size":10,"ext":"pdf","url":"https://f.example/a.pdf","conversion":{"type":"dynamic"}}""", "conversion.type" },
        { "PUT", "/api/v1/rooms/room-1/resources/doc-1", """{"resourceName":"a","size":10,"ext":"pptx","url":"https://f.example/a.pptx","conversion":{"type":"dynamic","scale":2}}""", "conversion.scale" },
        { "PUT", "/api/v1/rooms/room-1/resources/doc-1", """{"resourceName":"a","size":10,"ext":"pdf","url":"https://f.example/a.pdf","conversion":{"type":"static","scale":3.1}}""", "conversion.scale" },
        { "PUT", "/api/v1/rooms/room-1/resources/doc-1", """{"resourceName":"a","size":10,"ext":"pdf","url":"https://f.example/a.pdf","conversion":{"type":"static","outputFormat":"gif"}}""", "conversion.outputFormat" },
        { "PUT", "/api/v1/rooms/room-1/resources/doc-1", """{"resourceName":"a","size":10,"ext":"pdf","url":"https://f.example/a.pdf","conversion":{"type":"static","preview":true}}""", "conversion.preview" },
        { "DELETE", "/api/v1/rooms/room-1/resources", """{"resourceUuid":[]}""", "resourceUuid" },
        { "DELETE", "/api/v1/rooms/room-1/resources", null, "body" },
        { "DELETE", "/api/v1/rooms/room-1/resources", """[1,2]""", "body" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task RefusesInvalidInputBeforeItReachesAgora(string method, string path, string? body, string field)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Admin().Sign());
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request, Json.Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJson();
        Assert.Equal(400, problem.GetProperty("code").GetInt32());
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"errors lack {field}: {errors}");
        Assert.Empty(upstream.Requests);
    }

    [Theory]
    [InlineData("POST", "/api/v1/rooms/room-1/users/u1/exit", null)]
    [InlineData("POST", "/api/v1/rooms/room-1/users/u1/exit", """{"dirty":{"state":1,"duration":600}}""")]
    [InlineData("PUT", "/api/v1/rooms/room-1/records/states/1", null)]
    [InlineData("PUT", "/api/v1/rooms/room-1/records/states/1", """{"mode":"web","webRecordConfig":{"url":"https://school.example/c","videoWidth":1280,"videoHeight":720}}""")]
    [InlineData("PUT", "/api/v1/rooms/room-1/resources/doc-1", """{"resourceName":"a","size":10,"ext":"pptx","url":"https://f.example/a.pptx","conversion":{"type":"dynamic","preview":true}}""")]
    [InlineData("DELETE", "/api/v1/rooms/room-1/resources", """{"resourceUuid":["doc-1","doc 2"]}""")]
    public async Task ForwardsValidInputUnchanged(string method, string path, string? body)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(upstream.Requests);
        Assert.Equal(method, received.Method);
        Assert.Equal(body ?? "{}", Encoding.UTF8.GetString(received.Body));
    }
}
