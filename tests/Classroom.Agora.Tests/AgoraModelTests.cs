using System.Text.Json;
using Classroom.Agora.Models;

namespace Classroom.Agora.Tests;

public sealed class AgoraModelTests
{
    [Fact]
    public void ReadsARecordPageAsAgoraWritesIt()
    {
        const string json = """
            {"code":0,"msg":"Success","ts":1610450153520,"data":{"total":1,"count":1,"nextId":null,"list":[
              {"recordId":"r1","appId":"a","roomUuid":"room","startTime":1610450000000,"endTime":1610450100000,
               "resourceId":"res","sid":"s","recordUid":"123","boardAppId":"b","boardToken":"t","boardId":"bid",
               "type":2,"status":2,"url":"https://cdn.example/s_room.m3u8"}]}}
            """;

        var envelope = JsonSerializer.Deserialize<AgoraEnvelope<RecordPage>>(json)!;

        Assert.Equal(AgoraCodes.Success, envelope.Code);
        Assert.Null(envelope.Data!.NextId);
        var record = Assert.Single(envelope.Data.List);
        Assert.Equal(RecordItem.CompositeType, record.Type);
        Assert.Equal(RecordItem.EndedStatus, record.Status);
        Assert.Equal("https://cdn.example/s_room.m3u8", record.Url);
        Assert.Null(record.RecordDetails);
    }

    [Fact]
    public void ReadsAResourceThatLeavesOptionalFieldsOut()
    {
        const string json = """[{"resourceUuid":"x","resourceName":"n","ext":"pdf","size":1,"url":"https://f.example/x","updateTime":1,"convert":true,"taskProgress":{"totalPageSize":2}}]""";

        var resources = JsonSerializer.Deserialize<List<ResourceItem>>(json)!;

        var progress = Assert.Single(resources).TaskProgress!;
        Assert.Equal(2, progress.TotalPageSize);
        Assert.Empty(progress.ConvertedFileList);
    }

    [Fact]
    public void LeavesDataOutOfAnEnvelopeWithout()
    {
        var json = JsonSerializer.Serialize(AgoraEnvelope<object>.Success(null, DateTimeOffset.FromUnixTimeMilliseconds(1234)));

        Assert.Equal("""{"code":0,"msg":"Success","ts":1234}""", json);
    }

    [Fact]
    public void ReadsAnEventWithItsDataKeptAsJson()
    {
        const string json = """{"roomUuid":"r","cmd":1001,"sequence":7,"version":1,"data":{"state":1,"recordId":"x"}}""";

        var agoraEvent = JsonSerializer.Deserialize<AgoraEvent>(json)!;

        Assert.Equal(EventCmd.RecordingState, agoraEvent.Cmd);
        Assert.Equal(7, agoraEvent.Sequence);
        Assert.Equal("x", agoraEvent.Data.GetProperty("recordId").GetString());
    }
}
