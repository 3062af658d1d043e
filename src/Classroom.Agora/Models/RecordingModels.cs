using System.Text.Json;
using System.Text.Json.Serialization;
using Classroom.Agora.Validation;

namespace Classroom.Agora.Models;

/// <summary>Body of <c>PUT /v2/rooms/{roomUuid}/records/states/{state}</c>.</summary>
public sealed record RecordingStateRequest : IAgoraRequestBody<RecordingStateRequest>
{
    /// <summary>The only <c>mode</c> Agora names; an absent mode records the composite stream.</summary>
    public const string WebMode = "web";

    [JsonPropertyName("mode")] public string? Mode { get; init; }
    [JsonPropertyName("webRecordConfig")] public WebRecordConfig? WebRecordConfig { get; init; }

    /// <summary>Seconds to wait for the recording page's <c>PUT records/ready</c> before trying again (at most twice).</summary>
    [JsonPropertyName("retryTimeout")] public int? RetryTimeout { get; init; }

    /// <summary>Fields Agora may add later travel through unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? Extra { get; init; }

    [JsonIgnore] public bool IsWebMode => string.Equals(Mode, WebMode, StringComparison.Ordinal);

    static bool IAgoraRequestBody<RecordingStateRequest>.MayBeEmpty => true;

    static IReadOnlyDictionary<string, string[]> IAgoraRequestBody<RecordingStateRequest>.Validate(RecordingStateRequest body) => body.Validate();
}

/// <summary>Web-page recording settings; the defaults are Agora's.</summary>
public sealed record WebRecordConfig
{
    public const int DefaultVideoFps = 15;
    public const int DefaultVideoWidth = 1280;
    public const int DefaultVideoHeight = 720;
    public const int DefaultMaxRecordingHour = 24;

    /// <summary>The page to record, as it is; it overrides <c>rootUrl</c>.</summary>
    [JsonPropertyName("url")] public string? Url { get; init; }

    /// <summary>The recording page's address, to which the service appends the room's launch parameters.</summary>
    [JsonPropertyName("rootUrl")] public string? RootUrl { get; init; }

    /// <summary>Also push the recorded page to a CDN; Agora's example writes it as the text <c>"true"</c>.</summary>
    [JsonPropertyName("publishRtmp"), JsonConverter(typeof(BooleanOrStringConverter))] public bool? PublishRtmp { get; init; }

    [JsonPropertyName("videoBitrate")] public int? VideoBitrate { get; init; }
    [JsonPropertyName("videoFps")] public int? VideoFps { get; init; }
    [JsonPropertyName("audioProfile")] public int? AudioProfile { get; init; }
    [JsonPropertyName("mobile")] public bool? Mobile { get; init; }
    [JsonPropertyName("videoWidth")] public int? VideoWidth { get; init; }
    [JsonPropertyName("videoHeight")] public int? VideoHeight { get; init; }
    [JsonPropertyName("maxRecordingHour")] public int? MaxRecordingHour { get; init; }
    [JsonPropertyName("maxVideoDuration")] public int? MaxVideoDuration { get; init; }
    /// <summary>True: the page is loaded and rendered, but nothing is recorded until an update sets it false.</summary>
    [JsonPropertyName("onhold")] public bool? OnHold { get; init; }
    [JsonPropertyName("readyTimeout")] public int? ReadyTimeout { get; init; }

    [JsonExtensionData] public IDictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>One recording of <c>GET /v2/rooms/{roomUuid}/records</c>; like every answer model, nothing in it is required.</summary>
public sealed record RecordItem
{
    public const int IndividualType = 1;
    public const int CompositeType = 2;
    public const int RecordingStatus = 1;
    public const int EndedStatus = 2;

    [JsonPropertyName("recordId")] public string RecordId { get; init; } = "";
    [JsonPropertyName("appId")] public string AppId { get; init; } = "";
    [JsonPropertyName("roomUuid")] public string RoomUuid { get; init; } = "";
    [JsonPropertyName("startTime")] public long StartTime { get; init; }
    [JsonPropertyName("endTime")] public long? EndTime { get; init; }
    [JsonPropertyName("resourceId")] public string ResourceId { get; init; } = "";
    [JsonPropertyName("sid")] public string Sid { get; init; } = "";
    [JsonPropertyName("recordUid")] public string RecordUid { get; init; } = "";
    [JsonPropertyName("boardAppId")] public string? BoardAppId { get; init; }
    [JsonPropertyName("boardToken")] public string? BoardToken { get; init; }
    [JsonPropertyName("boardId")] public string? BoardId { get; init; }
    [JsonPropertyName("type")] public int Type { get; init; }
    [JsonPropertyName("status")] public int Status { get; init; }

    /// <summary>The M3U8 playlist of a composite recording.</summary>
    [JsonPropertyName("url"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Url { get; init; }

    /// <summary>The MP4 files of a web-page recording.</summary>
    [JsonPropertyName("recordDetails"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RecordDetail>? RecordDetails { get; init; }

    /// <summary>Whether a web recording is paused (<c>webRecordConfig.onhold</c> of its start or last update).</summary>
    [JsonPropertyName("onhold"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? OnHold { get; init; }

    /// <summary>The query the service appended to <c>webRecordConfig.rootUrl</c> to make the page it records.</summary>
    [JsonPropertyName("webRecordUrlQuery"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? WebRecordUrlQuery { get; init; }

    /// <summary>True when the recording page never reported ready within <c>retryTimeout</c> and the service gave up.</summary>
    [JsonPropertyName("unready"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Unready { get; init; }
}

public sealed record RecordDetail([property: JsonPropertyName("url")] string Url);

/// <summary>A page of recordings, at most 100; <c>nextId</c> null means the last page.</summary>
public sealed record RecordPage(
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("list")] IReadOnlyList<RecordItem> List,
    [property: JsonPropertyName("nextId")] string? NextId);
