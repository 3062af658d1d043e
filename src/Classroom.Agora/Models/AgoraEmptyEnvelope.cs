using System.Text.Json.Serialization;

namespace Classroom.Agora.Models;

/// <summary>Agora's success envelope of a call that answers no <c>data</c>: <c>{"code":0,"msg":"Success","ts":…}</c>.</summary>
public sealed record AgoraEmptyEnvelope(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("msg")] string Msg,
    [property: JsonPropertyName("ts")] long Ts);
