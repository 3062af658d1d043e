using System.Text.Json;
using Classroom.Agora.Models;
using Classroom.Agora.Validation;

namespace Classroom.Agora.Tests;

public sealed class RoomRulesTests
{
    static T Parse<T>(string json) => JsonSerializer.Deserialize<T>(json)!;

    [Fact]
    public void AcceptsAgorasCreateExample()
    {
        var request = Parse<CreateRoomRequest>(
            """{"roomName":"Math 101","roomType":4,"roomProperties":{"schedule":{"startTime":1655452800000,"duration":600,"closeDelay":300}}}""");

        Assert.Empty(request.Validate());
        Assert.Equal(600, request.RoomProperties!.Schedule!.Duration);
    }

    [Theory]
    [InlineData("""{"roomType":4}""", "roomName")]
    [InlineData("""{"roomName":"   ","roomType":4}""", "roomName")]
    [InlineData("""{"roomName":"r"}""", "roomType")]
    [InlineData("""{"roomName":"r","roomType":1}""", "roomType")]
    [InlineData("""{"roomName":"r","roomType":4,"roomProperties":{"schedule":{"duration":0}}}""", "roomProperties.schedule.duration")]
    [InlineData("""{"roomName":"r","roomType":4,"roomProperties":{"schedule":{"startTime":-1}}}""", "roomProperties.schedule.startTime")]
    [InlineData("""{"roomName":"r","roomType":4,"roomProperties":{"schedule":{"closeDelay":-5}}}""", "roomProperties.schedule.closeDelay")]
    [InlineData("""{"roomName":"r","roomType":4,"roomProperties":{"schedule":{"duration":86401}}}""", "roomProperties.schedule.duration")]
    [InlineData("""{"roomName":"r","roomType":10}""", "roleConfig")]
    [InlineData("""{"roomName":"r","roomType":10,"roleConfig":{}}""", "roleConfig")]
    [InlineData("""{"roomName":"r","roomType":4,"roleConfig":{"7":{"limit":3}}}""", "roleConfig.7")]
    [InlineData("""{"roomName":"r","roomType":4,"roleConfig":{"2":{"limit":-1}}}""", "roleConfig.2.limit")]
    [InlineData("""{"roomName":"r","roomType":4,"roleConfig":{"2":{"defaultStream":{"videoState":2}}}}""", "roleConfig.2.defaultStream.videoState")]
    [InlineData("""{"roomName":"r","roomType":4,"roomProperties":{"processes":{"handsUp":{"maxAccept":-1}}}}""", "roomProperties.processes.handsUp.maxAccept")]
    [InlineData("""{"roomName":"r","roomType":4,"roomProperties":{"widgets":{"netlessBoard":{"state":3}}}}""", "roomProperties.widgets.netlessBoard.state")]
    public void NamesTheFieldOfABadCreateBody(string json, string field)
    {
        var errors = Parse<CreateRoomRequest>(json).Validate();

        Assert.Equal([field], errors.Keys);
        Assert.NotEmpty(errors[field]);
    }

    [Fact]
    public void AcceptsACloudClassWithEverythingAgoraDocuments()
    {
        var request = Parse<CreateRoomRequest>("""
            {"roomName":"Cloud","roomType":10,
             "roleConfig":{"2":{"limit":50,"defaultStream":{"state":1,"videoState":1,"audioState":0}}},
             "roomProperties":{"schedule":{"startTime":1655452800000,"duration":86400,"closeDelay":300},
               "processes":{"handsUp":{"maxAccept":6,"defaultAcceptRole":""}},
               "flexProps":{"lesson":"algebra"},
               "widgets":{"netlessBoard":{"state":1},"easemobIM":{"state":0}},
               "watermark":true}}
            """);

        Assert.Empty(request.Validate());
        Assert.Equal(50, request.RoleConfig!["2"].Limit);
        Assert.Equal(0, request.RoleConfig["2"].DefaultStream!.AudioState);
        Assert.Equal(6, request.RoomProperties!.Processes!.HandsUp!.MaxAccept);
        Assert.Equal("", request.RoomProperties.Processes.HandsUp.DefaultAcceptRole);
        Assert.Equal("algebra", request.RoomProperties.FlexProps!["lesson"].GetString());
        Assert.Equal(1, request.RoomProperties.Widgets!["netlessBoard"].State);
        Assert.True(request.RoomProperties.Extra!["watermark"].GetBoolean());
    }

    [Fact]
    public void CountsRoomNameInUtf8Bytes()
    {
        var twentyOneChinese = new string('课', 21); // 63 bytes
        var twentyTwoChinese = new string('课', 22); // 66 bytes

        Assert.Empty(new CreateRoomRequest { RoomName = twentyOneChinese, RoomType = 0 }.Validate());
        Assert.Contains("roomName", new CreateRoomRequest { RoomName = twentyTwoChinese, RoomType = 0 }.Validate().Keys);
    }

    [Theory]
    [InlineData("""{"userName":"Ann","role":2}""", "2")]
    [InlineData("""{"userName":"Ann","role":"student"}""", "student")]
    [InlineData("""{"userName":"Ann"}""", null)]
    public void ReadsTheRoleAsNumberOrString(string json, string? role)
    {
        var request = Parse<EnterRoomRequest>(json);

        Assert.Equal(role, request.Role);
        Assert.Empty(request.Validate());
    }

    [Fact]
    public void BoundsTheUserNameTo63Bytes()
    {
        Assert.Empty(new EnterRoomRequest { UserName = new string('a', 63) }.Validate());
        Assert.Equal(["userName"], new EnterRoomRequest { UserName = new string('a', 64) }.Validate().Keys);
    }

    [Fact]
    public void WritesANumericRoleBackAsANumber()
    {
        var json = JsonSerializer.Serialize(new EnterRoomRequest { UserName = "Ann", Role = "2" });

        Assert.Equal("""{"userName":"Ann","role":2}""", json);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"dirty":{"state":0}}""")]
    [InlineData("""{"dirty":{"state":1,"duration":600}}""")]
    [InlineData("""{"dirty":{"state":1,"duration":0}}""")]
    [InlineData("""{"dirty":{"state":1}}""")]
    public void AcceptsSaneKicks(string json) => Assert.Empty(Parse<KickRequest>(json).Validate());

    [Theory]
    [InlineData("""{"dirty":{"duration":600}}""", "dirty.state")]
    [InlineData("""{"dirty":{"state":2,"duration":600}}""", "dirty.state")]
    [InlineData("""{"dirty":{"state":1,"duration":-1}}""", "dirty.duration")]
    [InlineData("""{"dirty":{"state":1,"duration":31536001}}""", "dirty.duration")]
    public void RefusesInsaneKicks(string json, string field) => Assert.Equal([field], Parse<KickRequest>(json).Validate().Keys);
}
