using System.Text;
using Classroom.Agora.Models;
using Classroom.Agora.Validation;

namespace Classroom.Agora.Tests;

/// <summary>
/// A member named as a declared one in another letter case is found by its path, at every depth a body's type declares;
/// the keys of free-form values, and members no type declares, are the client's own to spell.
/// </summary>
public sealed class DeclaredMembersTests
{
    public static TheoryData<Type, string, string?> Bodies => new()
    {
        // Beside the exact name, or alone in place of an optional one.
        { typeof(CreateRoomRequest), """{"roomName":"A","roomType":4,"RoomType":0}""", "RoomType" },
        { typeof(CreateRoomRequest), """{"ROOMNAME":"A","roomType":4}""", "ROOMNAME" },
        { typeof(SetPropertiesRequest), """{"properties":{"a":1},"Properties":{"b":2}}""", "Properties" },
        { typeof(SetPropertiesRequest), """{"properties":{"a":1},"Cause":{"by":"plan"}}""", "Cause" },
        // However the name is escaped, and with the letters Go's encoding/json folds to ASCII ones.
        { typeof(CreateRoomRequest), """{"roomName":"A","roomType":4,"\u0052oomType":0}""", "RoomType" },
        { typeof(DeleteResourcesRequest), """{"resourceUuid":["a"],"re\u017FourceUuid":["b"]}""", "re\u017FourceUuid" },
        { typeof(KickRequest), """{"d\u0131rty":{"state":1}}""", "d\u0131rty" },
        { typeof(KickRequest), """{"d\u0130rty":{"state":1}}""", "d\u0130rty" },
        // Nested objects: a model's member, and a model in a typed map.
        { typeof(KickRequest), """{"dirty":{"state":1,"Duration":60}}""", "dirty.Duration" },
        { typeof(RecordingStateRequest), """{"mode":"web","webRecordConfig":{"url":"https://school.example/c","VIDEOFPS":60}}""", "webRecordConfig.VIDEOFPS" },
        { typeof(UploadResourceRequest), """{"size":1,"ext":"pdf","url":"https://f.example/a.pdf","conversion":{"type":"static","Scale":9}}""", "conversion.Scale" },
        { typeof(CreateRoomRequest), """{"roomName":"A","roomType":10,"roleConfig":{"2":{"limit":5,"DefaultStream":{}}}}""", "roleConfig.2.DefaultStream" },
        { typeof(CreateRoomRequest), """{"roomName":"A","roomType":4,"roomProperties":{"widgets":{"netlessBoard":{"State":1}}}}""", "roomProperties.widgets.netlessBoard.State" },
        { typeof(CreateRoomRequest), """{"roomName":"A","roomType":4,"roomProperties":{"Schedule":{"duration":60}}}""", "roomProperties.Schedule" },
        // Inside arrays.
        { typeof(BreakoutGroupsRequest), """{"groups":[{"users":[{"userUuid":"a"}]},{"users":[{"userUuid":"b"},{"UserUUID":"c"}]}]}""", "groups[1].users[1].UserUUID" },
        { typeof(BreakoutGroupsRequest), """{"groups":[{"users":[]},{"GroupName":"g","users":[]}]}""", "groups[1].GroupName" },
        // Free-form keys: properties, extra, flexProps, cause's content, a role's number, the members no model declares.
        { typeof(SetPropertiesRequest), """{"properties":{"Score":1,"score":2,"Cause":3},"cause":{"Properties":1,"properties":2}}""", null },
        { typeof(SetWidgetRequest), """{"extra":{"State":1,"state":0,"OwnerUserUuid":"u"},"state":1}""", null },
        { typeof(SetWidgetUserRequest), """{"extra":{"Extra":{"EXTRA":1}}}""", null },
        { typeof(CreateRoomRequest), """{"roomName":"A","roomType":4,"roomProperties":{"flexProps":{"Schedule":1,"schedule":2},"topic":{"RoomName":1}}}""", null },
        { typeof(RecordingStateRequest), """{"mode":"web","webRecordConfig":{"url":"https://school.example/c","Later":1,"later":2},"Extra":1,"extra":2}""", null },
        // Exact names, at every depth.
        { typeof(CreateRoomRequest), """{"roomName":"A","roomType":10,"roleConfig":{"2":{"limit":5,"defaultStream":{"state":1}}},"roomProperties":{"schedule":{"startTime":1,"duration":60},"processes":{"handsUp":{"maxAccept":3}},"widgets":{"easemobIM":{"state":0}}}}""", null },
        { typeof(BreakoutGroupsRequest), """{"groups":[{"groupUuid":"g1","groupName":"G","users":[{"userUuid":"a"}]}]}""", null },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void NamesTheFirstMemberThatSpellsADeclaredOneInAnotherCase(Type type, string body, string? expected)
    {
        var fault = SoundJson.FaultIn(Encoding.UTF8.GetBytes(body), DeclaredMembers.Of(AgoraJson.Bodies.GetTypeInfo(type)));

        Assert.Equal(expected, fault?.Field);
        if (fault is { Message: var message })
        {
            Assert.StartsWith("is ", message);
            Assert.Contains("another letter case", message);
        }
    }

    [Fact]
    public void TheMessageNamesTheDeclaredSpelling() =>
        Assert.Equal(("dirty.Duration", SoundJson.InAnotherCaseRule("duration")),
            SoundJson.FaultIn("""{"dirty":{"Duration":60}}"""u8, DeclaredMembers.Of(AgoraJson.Bodies.GetTypeInfo(typeof(KickRequest)))));

    /// <summary>No declared name of Agora's bodies holds a k, where Go's encoding/json reads the Kelvin sign as one.</summary>
    [Fact]
    public void TheKelvinSignIsAK() =>
        Assert.Equal("\u212Aind", SoundJson.FaultIn("""{"\u212Aind":1}"""u8, DeclaredMembers.Of(AgoraJson.Bodies.GetTypeInfo(new { Kind = 0 }.GetType())))?.Field);

    /// <summary>Without a type, as the emulator and the passthrough read bodies, a name is judged only for being given twice.</summary>
    [Fact]
    public void WithoutATypeNoSpellingIsJudged() => Assert.Null(SoundJson.FaultIn("""{"roomName":"A","roomType":4,"RoomType":0}"""u8));

    /// <summary>A body that is not sound is refused as such, wherever a member in another case stands.</summary>
    [Fact]
    public void SoundnessCountsFirst() =>
        Assert.Equal("body", SoundJson.FaultIn("""{"RoomType":0,"roomType":1e400}"""u8, DeclaredMembers.Of(AgoraJson.Bodies.GetTypeInfo(typeof(CreateRoomRequest))))?.Field);
}
