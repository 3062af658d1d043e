using System.Text.Json.Nodes;
using Classroom.Agora;
using Gateway.Sandbox;
using Gateway.Tokens;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway.OpenApi;

/// <summary>
/// Examples by type, shaped like those of Agora's reference: wherever a type appears (a request body, the
/// <c>data</c> of an envelope), Swagger UI shows it filled in. A new route using these types needs nothing more.
/// </summary>
public sealed class AgoraExamplesFilter : ISchemaFilter
{
    const long Ts = 1_732_550_400_000;

    static readonly Dictionary<Type, string> Examples = new()
    {
        [typeof(CreateRoomRequest)] = """
            {"roomName":"Physics 101","roomType":4,"roomProperties":{"schedule":{"startTime":1732550400000,"duration":3600,"closeDelay":600}}}
            """,
        [typeof(Launch.JoinRequest)] = """
            {"roomName":"Physics 101","roomType":4,"roomProperties":{"schedule":{"startTime":1732550400000,"duration":2700,"closeDelay":600}}}
            """,
        [typeof(Launch.LaunchOptions)] = $$"""
            {"appId":"{{AgoraSandbox.AppId}}","region":"CN","userUuid":"teacher-1","userName":"Ms Rivera","roomUuid":"room-1","roomName":"Physics 101","roomType":4,"roleType":1,"token":"007eAEBsgBN/yAAFfj4MQ7T78eHKqQ...","rtmToken":"007eAEBsgBN/yAAFfj4MQ7T78eHKqQ...","startTime":1732550400000,"duration":2700,"language":"en","expiresAt":"2026-11-25T19:00:00+00:00"}
            """,
        [typeof(ClassroomDetails)] = """
            {"roomUuid":"room-1","roomName":"Physics 101","roleConfig":null,"state":1,"startTime":1732550460000,"createTime":1732550000000,"muteChat":0,"muteAudio":0,"muteVideo":0,"roomProperties":{"roomType":4,"schedule":{"startTime":1732550400000,"duration":2700,"closeDelay":600},"record":{"state":0}}}
            """,
        [typeof(Audit.AuditEntry)] = """
            {"id":"MTczMjU1MDQwMDAwMC0w","time":"2026-11-25T16:00:00+00:00","actor":"teacher-1","roles":["teacher"],"action":"KickUser","roomUuid":"room-1","target":"student-7","status":200,"code":0,"requestId":"4bf92f3577b34da6a3ce929d0e0e4736","targetKind":"user"}
            """,
        [typeof(SetPropertiesRequest)] = """{"properties":{"flexProps.topic":"Optics","flexProps.quiz.open":true},"cause":{"reason":"lesson plan"}}""",
        [typeof(DeletePropertiesRequest)] = """{"properties":["flexProps.topic"],"cause":{"reason":"lesson plan"}}""",
        [typeof(BreakoutGroupsRequest)] = """
            {"groups":[{"groupUuid":"group-a","groupName":"Group A","users":[{"userUuid":"student-1"}]},{"groupName":"Group B","users":[{"userUuid":"student-2"}]}]}
            """,
        [typeof(UpdateRecordingRequest)] = """{"webRecordConfig":{"onhold":true}}""",
        [typeof(SetWidgetRequest)] = """
            {"extra":{"question":"Which lens converges light?","options":["concave","convex"]},"state":1,"ownerUserUuid":"teacher-1","cause":{"reason":"quiz 1"}}
            """,
        [typeof(DeleteWidgetRequest)] = """{"cause":{"reason":"quiz over"}}""",
        [typeof(DeleteWidgetPropertiesRequest)] = """{"extra":["options"],"cause":{"reason":"quiz over"}}""",
        [typeof(SetWidgetUserRequest)] = """{"extra":{"answer":"convex"},"cause":{"reason":"answered"}}""",
        [typeof(RoomUserDetails)] = """
            {"userUuid":"student-1","userName":"Sam Lee","role":2,"streamUuid":"1784325501","state":1,"userProperties":{"seat":"B4","widgets":{"popupQuiz":{"answer":"convex"}}},"updateTime":1732550460000}
            """,
        [typeof(Attendance.RoomAttendance)] = """
            {"roomUuid":"room-1","classStartedAt":"2026-11-25T16:00:00+00:00","list":[{"userUuid":"teacher-1","userName":"Ms Rivera","role":"1","intervals":[{"entered":"2026-11-25T15:58:00+00:00","left":null}],"minutesPresent":47.5,"firstEntryAfterStartSeconds":-120,"kicked":false},{"userUuid":"student-7","userName":"Sam Lee","role":"2","intervals":[{"entered":"2026-11-25T16:04:10+00:00","left":"2026-11-25T16:20:00+00:00"},{"entered":"2026-11-25T16:22:00+00:00","left":"2026-11-25T16:30:00+00:00"}],"minutesPresent":23.8,"firstEntryAfterStartSeconds":250,"kicked":true}]}
            """,
        [typeof(KickRequest)] = """{"dirty":{"state":1,"duration":600}}""",
        [typeof(RecordingStateRequest)] = """
            {"mode":"web","webRecordConfig":{"url":"https://classroom.school.example/record?roomUuid=room-1","videoBitrate":1500,"videoFps":15,"audioProfile":1,"videoWidth":1280,"videoHeight":720,"maxRecordingHour":2},"retryTimeout":60}
            """,
        [typeof(UploadResourceRequest)] = """
            {"resourceName":"Lesson 1","size":1048576,"ext":"pptx","url":"https://files.school.example/lesson-1.pptx","conversion":{"type":"dynamic","preview":true}}
            """,
        [typeof(DeleteResourcesRequest)] = """{"resourceUuid":["lesson-1","lesson-2"]}""",
        [typeof(ResourceItem)] = """
            {"resourceUuid":"lesson-1","resourceName":"Lesson 1","ext":"pptx","size":1048576,"url":"https://files.school.example/lesson-1.pptx","updateTime":1732550400000,"convert":true,"taskUuid":"b3e4f7c0a9d811efb1c3e5f6a7b8c9d0","taskToken":"NETLESSTASK_example","taskProgress":{"totalPageSize":2,"convertedPageSize":2,"convertedPercentage":100,"convertedFileList":[{"name":"1","ppt":{"width":1280,"height":720,"src":"pptx://convert.example/b3e4f7c0/1.slide","preview":"https://convert.example/b3e4f7c0/preview/1.png"}},{"name":"2","ppt":{"width":1280,"height":720,"src":"pptx://convert.example/b3e4f7c0/2.slide","preview":"https://convert.example/b3e4f7c0/preview/2.png"}}],"currentStep":"Packaging"}}
            """,
        [typeof(RecordItem)] = $$"""
            {"recordId":"7d1c2e3f","appId":"{{AgoraSandbox.AppId}}","roomUuid":"room-1","startTime":1732550400000,"endTime":1732554000000,"resourceId":"JyvK8nXHuV1BE64GDkAaBGEscvtHW7v8","sid":"38f8e3cfdc474cd56fc1ceba380d7e1a","recordUid":"classroom-recorder","boardAppId":"","boardToken":"","boardId":"","type":2,"status":2,"url":"https://recordings.school.example/room-1/38f8e3cf.m3u8"}
            """,
        [typeof(AgoraEvent)] = """{"roomUuid":"room-1","cmd":1,"sequence":1,"version":1,"data":{"state":1,"startTime":1732550400000}}""",
        [typeof(RtmTokenEndpoints.RtmTokenResponse)] = $$"""
            {"appId":"{{AgoraSandbox.AppId}}","uid":"teacher-1","token":"007eJxTYOCdJftjyTM2zxW6Xhm...","expiresAt":"2026-11-25T19:00:00+00:00"}
            """,
        [typeof(SandboxEndpoints.DevTokenRequest)] = """{"sub":"teacher-1","name":"Ms Rivera","roles":["teacher"],"rooms":["room-1"],"lifetimeSeconds":3600}""",
        [typeof(SandboxEndpoints.DevTokenResponse)] = """{"token":"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9..."}""",
    };

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete)
        {
            return;
        }
        if (Examples.TryGetValue(context.Type, out var json))
        {
            concrete.Examples = [JsonNode.Parse(json)!];
        }
        else if (IsEnvelope(context.Type) && concrete.Properties is { } properties)
        {
            SetExample(properties, "code", AgoraCodes.Success);
            SetExample(properties, "msg", AgoraEnvelope<object>.SuccessMessage);
            SetExample(properties, "ts", Ts);
        }
    }

    static bool IsEnvelope(Type type) =>
        type == typeof(AgoraEmptyEnvelope) || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(AgoraEnvelope<>));

    static void SetExample(IDictionary<string, IOpenApiSchema> properties, string name, JsonNode value)
    {
        if (properties.TryGetValue(name, out var property) && property is OpenApiSchema concrete)
        {
            concrete.Examples = [value];
        }
    }
}
