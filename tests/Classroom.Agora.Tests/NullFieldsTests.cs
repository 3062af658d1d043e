using System.Text;
using Classroom.Agora.Models;
using Classroom.Agora.Validation;

namespace Classroom.Agora.Tests;

/// <summary>A declared field sent as null is named, at any depth; free-form values and fields no type declares may hold nulls.</summary>
public sealed class NullFieldsTests
{
    public static TheoryData<Type, string, string?> Bodies => new()
    {
        { typeof(CreateRoomRequest), """{"roomName":"Maths","roomType":4,"roleConfig":null}""", "roleConfig" },
        { typeof(CreateRoomRequest), """{"roomName":"Maths","roomType":4,"roleConfig":{"1":null}}""", "roleConfig.1" },
        { typeof(CreateRoomRequest), """{"roomName":"Maths","roomType":4,"roomProperties":{"schedule":{"duration":null}}}""", "roomProperties.schedule.duration" },
        { typeof(CreateRoomRequest), """{"roomName":"Maths","roomType":4,"roomProperties":{"flexProps":{"quiz":null}}}""", null },
        { typeof(CreateRoomRequest), """{"roomName":"Maths","roomType":4}""", null },
        { typeof(KickRequest), """{"dirty":null}""", "dirty" },
        { typeof(KickRequest), """{"dirty":{"state":1,"duration":null}}""", "dirty.duration" },
        { typeof(BreakoutGroupsRequest), """{"groups":[{"groupName":"A"},null]}""", "groups[1]" },
        { typeof(SetPropertiesRequest), """{"properties":{"a":null},"cause":{"reason":null}}""", null },
        { typeof(SetPropertiesRequest), """{"properties":{"a":1},"cause":null}""", "cause" },
        { typeof(RecordingStateRequest), """{"mode":"web","webRecordConfig":{"url":null}}""", "webRecordConfig.url" },
        { typeof(RecordingStateRequest), """{"mode":"web","later":null}""", null },
        { typeof(RecordingStateRequest), """{"mode":"web","extra":null}""", null },
        { typeof(CreateRoomRequest), """{"roomName":"Maths","roomType":4,"roomProperties":{"extra":null}}""", null },
        { typeof(CreateRoomRequest), """{"roomName":"Maths","roomType":4,"roomProperties":{"schedule":{"extra":null}}}""", null },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void NamesTheFirstDeclaredFieldSentAsNull(Type type, string body, string? expected) =>
        Assert.Equal(expected, NullFields.FirstIn(Encoding.UTF8.GetBytes(body), AgoraJson.Bodies.GetTypeInfo(type)));
}
