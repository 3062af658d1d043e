using System.Text.Json.Serialization;

namespace Classroom.Agora.Models;

/// <summary>Agora's success envelope: <c>{"code":0,"msg":"Success","ts":…,"data":…}</c>; <c>ts</c> is Unix milliseconds.</summary>
public sealed record AgoraEnvelope<T>(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("msg")] string Msg,
    [property: JsonPropertyName("ts")] long Ts,
    // Agora leaves "data" out of answers that carry none rather than writing null.
    [property: JsonPropertyName("data"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] T? Data)
{
    public const string SuccessMessage = "Success";

    public static AgoraEnvelope<T> Success(T? data, DateTimeOffset now) =>
        new(AgoraCodes.Success, SuccessMessage, now.ToUnixTimeMilliseconds(), data);
}

/// <summary>Agora's error body: <c>{"code":&lt;business code&gt;,"msg","ts"}</c>.</summary>
public sealed record AgoraError(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("msg")] string Msg,
    [property: JsonPropertyName("ts")] long Ts);

/// <summary>The body of answers Agora gives without a business code: 401, some 429s, 404 for an unknown path.</summary>
public sealed record AgoraMessage([property: JsonPropertyName("message")] string Message)
{
    public const string InvalidToken = "invalid token";
    public const string InvalidAppId = "invalid appId";
    public const string NoSuchResource = "no such resource";
}
