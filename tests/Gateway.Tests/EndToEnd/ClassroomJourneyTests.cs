using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Classroom.Agora;
using Classroom.Agora.Models;
using Classroom.Emulator.Journal;
using Gateway.Configuration;
using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.EndToEnd;

/// <summary>A class from creation to its end, through the sandbox gateway with the emulator as Agora.</summary>
public sealed class ClassroomJourneyTests
{
    const string Room = "algebra 101";
    static readonly string RoomPath = "/api/v1/rooms/" + Uri.EscapeDataString(Room);

    /// <summary>As the caller: the emulator then takes the student's own RTM token, as Agora's older scheme did.</summary>
    [Fact]
    public async Task ATeacherRunsAClassThatAStudentJoinsWithAGatewayMintedToken()
    {
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { [UpstreamCredentialAssert.Setting] = "Caller" });
        using var teacher = gateway.CreateClient(TestJwt.Teacher(Room).Sign());
        using var student = gateway.CreateClient(TestJwt.Student(Room).Sign());
        var cancel = Support.Json.Cancel;

        var created = await teacher.PostAsync(RoomPath, Json.Body("""{"roomName":"Algebra","roomType":4}"""), cancel);
        await EnterAsStudent(gateway, student);
        var started = await teacher.PutAsync(RoomPath + "/states/1", null, cancel);
        var startedAgain = await teacher.PutAsync(RoomPath + "/states/1", null, cancel);
        var recording = await teacher.PutAsync(RoomPath + "/records/states/1", null, cancel);
        var uploaded = await teacher.PutAsync(RoomPath + "/resources/slides%201",
            Json.Body("""{"resourceName":"Slides","size":2048,"ext":"pptx","url":"https://files.school.example/slides.pptx","conversion":{"type":"dynamic","preview":true}}"""), cancel);
        var resources = await student.GetAsync(RoomPath + "/resources", cancel);
        var kickStranger = await teacher.PostAsync(RoomPath + "/users/nobody/exit", null, cancel);
        var kicked = await teacher.PostAsync(RoomPath + "/users/student-1/exit", Json.Body("""{"dirty":{"state":1,"duration":600}}"""), cancel);
        var stopped = await teacher.PutAsync(RoomPath + "/records/states/0", null, cancel);
        var records = await teacher.GetAsync(RoomPath + "/records", cancel);
        var ended = await teacher.PutAsync(RoomPath + "/states/2", null, cancel);
        var events = await teacher.GetAsync(RoomPath + "/sequences", cancel);

        await AssertSuccess(created);
        await AssertSuccess(started);
        await AssertProblem(startedAgain, HttpStatusCode.Conflict, AgoraCodes.ClassAlreadyStarted);
        await AssertSuccess(recording);
        await AssertSuccess(uploaded);
        var list = (await AssertSuccess(resources)).GetProperty("data");
        Assert.Equal("slides 1", Assert.Single(list.EnumerateArray()).GetProperty("resourceUuid").GetString());
        await AssertProblem(kickStranger, HttpStatusCode.NotFound, AgoraCodes.UserNotFound);
        await AssertSuccess(kicked);
        await AssertSuccess(stopped);
        var recordList = (await AssertSuccess(records)).GetProperty("data").GetProperty("list");
        Assert.Equal(2, Assert.Single(recordList.EnumerateArray()).GetProperty("status").GetInt32());
        await AssertSuccess(ended);
        var cmds = (await AssertSuccess(events)).GetProperty("data").GetProperty("list").EnumerateArray()
            .Select(e => e.GetProperty("cmd").GetInt32()).ToArray();
        Assert.Equal([EventCmd.UsersChanged, EventCmd.ClassState, EventCmd.RecordingState, EventCmd.PublicResourcesChanged,
            EventCmd.UsersChanged, EventCmd.RecordingState, EventCmd.ClassState], cmds);
    }

    [Theory]
    [InlineData(UpstreamCredential.App)]
    [InlineData(UpstreamCredential.Caller)]
    public async Task TheEmulatorReceivedTheGatewaysCredentialsAndTheEncodedRoom(UpstreamCredential credential)
    {
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { [UpstreamCredentialAssert.Setting] = credential.ToString() });
        using var teacher = gateway.CreateClient(TestJwt.Teacher(Room).Sign());
        var journal = gateway.Emulator.Services.GetRequiredService<ReceivedRequestJournal>();

        var created = await teacher.PostAsync(RoomPath, Json.Body("""{"roomName":"Algebra","roomType":2}"""), Support.Json.Cancel);

        await AssertSuccess(created);
        var received = Assert.Single(journal.Entries, e => e.Method == "POST");
        Assert.Equal($"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/algebra%20101", received.RawPath);
        UpstreamCredentialAssert.CarriesTheGatewaysCredential(received.Header, credential, "teacher-1");
    }

    [Fact]
    public async Task AnUnknownRoomIsTheEmulatorsNotFoundAsAProblem()
    {
        await using var gateway = new GatewayFactory();
        using var teacher = gateway.CreateClient(TestJwt.Teacher("ghost").Sign());

        var response = await teacher.PutAsync("/api/v1/rooms/ghost/states/1", null, Support.Json.Cancel);

        await AssertProblem(response, HttpStatusCode.NotFound, AgoraCodes.RoomNotFound);
    }

    /// <summary>The classroom SDK enters with the RTM token the gateway minted: straight to Agora, as in production.</summary>
    static async Task EnterAsStudent(GatewayFactory gateway, HttpClient student)
    {
        var minted = (await (await student.PostAsync("/api/v1/rtm-token", null, Support.Json.Cancel)).ReadJson()).GetProperty("data");
        using var agora = new HttpClient { BaseAddress = gateway.Emulator.BaseUrl };
        using var enter = new HttpRequestMessage(HttpMethod.Put,
            $"/edu/apps/{minted.GetProperty("appId").GetString()}/v2/rooms/{Uri.EscapeDataString(Room)}/users/student-1")
        {
            Content = Json.Body("""{"userName":"Student One","role":2}"""),
        };
        enter.Headers.Add("x-agora-token", minted.GetProperty("token").GetString());
        enter.Headers.Add("x-agora-uid", minted.GetProperty("uid").GetString());
        var entered = await agora.SendAsync(enter, Support.Json.Cancel);
        Assert.Equal(HttpStatusCode.OK, entered.StatusCode);
    }

    static async Task<JsonElement> AssertSuccess(HttpResponseMessage response)
    {
        var body = await response.ReadJson();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.Equal(0, body.GetProperty("code").GetInt32());
        return body;
    }

    static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, int code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJson();
        Assert.Equal(code, problem.GetProperty("code").GetInt32());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
    }
}
