using System.Text.Json.Serialization;

namespace Gateway.Attendance;

/// <summary>The <c>data</c> of a cmd 1 event: the class state and, once started, its start in Unix milliseconds.</summary>
public sealed record ClassStateChanged(
    [property: JsonPropertyName("state")] int State,
    [property: JsonPropertyName("startTime")] long? StartTime);
