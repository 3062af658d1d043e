using System.Text.Json;
using Classroom.Agora.Models;
using Classroom.Agora.Validation;

namespace Classroom.Agora.Tests;

public sealed class RecordingRulesTests
{
    static IReadOnlyDictionary<string, string[]> Validate(string json) =>
        JsonSerializer.Deserialize<RecordingStateRequest>(json)!.Validate();

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"mode":"web","webRecordConfig":{"url":"https://school.example/class?room=1"}}""")]
    [InlineData("""{"mode":"web","webRecordConfig":{"url":"https://a.example","videoBitrate":50,"videoFps":5,"audioProfile":0,"videoWidth":480,"videoHeight":480,"maxRecordingHour":1}}""")]
    [InlineData("""{"mode":"web","webRecordConfig":{"url":"https://a.example","videoBitrate":8000,"videoFps":60,"audioProfile":2,"videoWidth":1280,"videoHeight":720,"maxRecordingHour":720}}""")]
    [InlineData("""{"mode":"web","webRecordConfig":{"url":"https://a.example","videoWidth":720,"videoHeight":1280}}""")]
    [InlineData("""{"mode":"web","webRecordConfig":{"rootUrl":"https://school.example/record","publishRtmp":"true","onhold":true},"retryTimeout":60}""")]
    [InlineData("""{"mode":"web","webRecordConfig":{"rootUrl":"https://school.example/record","publishRtmp":false},"retryTimeout":3600}""")]
    public void AcceptsCompositeAndWebModeInRange(string json) => Assert.Empty(Validate(json));

    [Theory]
    [InlineData("""{"mode":"cloud"}""", "mode")]
    [InlineData("""{"mode":"web"}""", "webRecordConfig")]
    [InlineData("""{"mode":"web","webRecordConfig":{}}""", "webRecordConfig.url")]
    [InlineData("""{"mode":"web","webRecordConfig":{"url":"not a url"}}""", "webRecordConfig.url")]
    [InlineData("""{"mode":"web","webRecordConfig":{"url":"https://a.example","videoBitrate":49}}""", "webRecordConfig.videoBitrate")]
    [InlineData("""{"mode":"web","webRecordConfig":{"url":"https://a.example","videoBitrate":8001}}""", "webRecordConfig.videoBitrate")]
    [InlineData("""{"mode":"web","webRecordConfig":{"url":"https://a.example","videoFps":4}}""", "webRecordConfig.videoFps")]
    [InlineData("""{"mode":"web","webRecordConfig":{"url":"https://a.example","videoFps":61}}""", "webRecordConfig.videoFps")]
    [InlineData("""{"mode":"web","webRecordConfig":{"url":"https://a.example","audioProfile":3}}""", "webRecordConfig.audioProfile")]
    [InlineData("""{"mode":"web","webRecordConfig":{"url":"https://a.example","videoWidth":479}}""", "webRecordConfig.videoWidth")]
    [InlineData("""{"mode":"web","webRecordConfig":{"url":"https://a.example","videoHeight":1281}}""", "webRecordConfig.videoHeight")]
    [InlineData("""{"mode":"web","webRecordConfig":{"url":"https://a.example","videoWidth":1280,"videoHeight":800}}""", "webRecordConfig.videoHeight")]
    [InlineData("""{"mode":"web","webRecordConfig":{"url":"https://a.example","videoHeight":1280}}""", "webRecordConfig.videoHeight")]
    [InlineData("""{"mode":"web","webRecordConfig":{"url":"https://a.example","maxRecordingHour":0}}""", "webRecordConfig.maxRecordingHour")]
    [InlineData("""{"mode":"web","webRecordConfig":{"url":"https://a.example","maxRecordingHour":721}}""", "webRecordConfig.maxRecordingHour")]
    [InlineData("""{"mode":"web","webRecordConfig":{"rootUrl":"school.example"}}""", "webRecordConfig.rootUrl")]
    [InlineData("""{"mode":"web","webRecordConfig":{"url":"https://a.example"},"retryTimeout":0}""", "retryTimeout")]
    [InlineData("""{"mode":"web","webRecordConfig":{"url":"https://a.example"},"retryTimeout":3601}""", "retryTimeout")]
    public void NamesTheFieldOutOfRange(string json, string field)
    {
        var errors = Validate(json);

        Assert.Equal([field], errors.Keys);
        Assert.NotEmpty(errors[field][0]);
    }

    [Fact]
    public void KeepsFieldsItDoesNotKnow()
    {
        var json = """{"mode":"web","webRecordConfig":{"url":"https://a.example","layout":3},"future":true}""";

        var request = JsonSerializer.Deserialize<RecordingStateRequest>(json)!;

        Assert.True(request.Extra!["future"].GetBoolean());
        Assert.Equal(3, request.WebRecordConfig!.Extra!["layout"].GetInt32());
        Assert.Contains("\"layout\":3", JsonSerializer.Serialize(request), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadsPublishRtmpAsAgorasExampleWritesIt()
    {
        var asText = JsonSerializer.Deserialize<RecordingStateRequest>("""{"webRecordConfig":{"publishRtmp":"true"}}""")!;
        var asFlag = JsonSerializer.Deserialize<RecordingStateRequest>("""{"webRecordConfig":{"publishRtmp":false}}""")!;

        Assert.True(asText.WebRecordConfig!.PublishRtmp);
        Assert.False(asFlag.WebRecordConfig!.PublishRtmp);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<RecordingStateRequest>("""{"webRecordConfig":{"publishRtmp":"yes"}}"""));
    }

    /// <summary>Only the texts Agora's example writes: another case, or white space around them, is no flag of Agora's.</summary>
    [Theory]
    [InlineData("\"True\"")]
    [InlineData("\"FALSE\"")]
    [InlineData("\" true\"")]
    [InlineData("\"false \"")]
    public void ReadsPublishRtmpTextAsAgorasExampleSpellsItAlone(string text) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<RecordingStateRequest>($$$"""{"webRecordConfig":{"publishRtmp":{{{text}}}}}"""));

    [Fact]
    public void ReadsPublishRtmpTextEscapedAsTheSameText()
    {
        var request = JsonSerializer.Deserialize<RecordingStateRequest>("""{"webRecordConfig":{"publishRtmp":"\u0074rue"}}""")!;

        Assert.True(request.WebRecordConfig!.PublishRtmp);
    }

    [Theory]
    [InlineData("""{"webRecordConfig":{"onhold":true}}""")]
    [InlineData("""{"webRecordConfig":{"onhold":false,"videoFps":30}}""")]
    public void AcceptsAnUpdateThatSaysWhetherToHold(string json) =>
        Assert.Empty(JsonSerializer.Deserialize<UpdateRecordingRequest>(json, JsonSerializerOptions.Web)!.Validate());

    [Theory]
    [InlineData("""{}""", "webRecordConfig")]
    [InlineData("""{"webRecordConfig":{}}""", "webRecordConfig.onhold")]
    [InlineData("""{"webRecordConfig":{"onhold":true,"videoFps":99}}""", "webRecordConfig.videoFps")]
    public void RefusesAnUpdateWithoutOnholdOrOutOfRange(string json, string field) =>
        Assert.Equal([field], JsonSerializer.Deserialize<UpdateRecordingRequest>(json, JsonSerializerOptions.Web)!.Validate().Keys);
}
