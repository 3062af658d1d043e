using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Classroom.Agora.Models;
using Classroom.Agora.Validation;

namespace Gateway.Forwarding;

/// <summary>
/// A request body of Agora's, read once, checked against Agora's rules, and kept as bytes so that exactly what
/// the client sent is what Agora receives. Binding never throws: a malformed body is an error like any other.
/// </summary>
public sealed class AgoraBody<T> : IEndpointParameterMetadataProvider where T : class
{
    public const int MaxBytes = 1024 * 1024;

    static readonly ReadOnlyMemory<byte> EmptyObject = "{}"u8.ToArray();

    AgoraBody(T? value, ReadOnlyMemory<byte> bytes, IReadOnlyDictionary<string, string[]> errors)
    {
        Value = value;
        Bytes = bytes;
        Errors = errors;
    }

    public T? Value { get; }
    public ReadOnlyMemory<byte> Bytes { get; }
    public IReadOnlyDictionary<string, string[]> Errors { get; }
    public bool IsValid => Errors.Count == 0;

    public static async ValueTask<AgoraBody<T>?> BindAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        ReadOnlyMemory<byte> bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (bytes.IsEmpty)
        {
            if (!AgoraRules.MayBeEmpty(typeof(T)))
            {
                return Invalid(bytes, "body", "is required");
            }
            bytes = EmptyObject;
        }
        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(bytes.Span, JsonSerializerOptions.Web);
        }
        catch (JsonException e)
        {
            return Invalid(bytes, string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.'),
                "is not valid JSON of the expected shape");
        }
        if (value is null)
        {
            return Invalid(bytes, "body", "must be a JSON object");
        }
        return new AgoraBody<T>(value, bytes, AgoraRules.Validate(value));
    }

    /// <summary>Tells the API explorer the body is a <typeparamref name="T"/>, which custom binding would hide.</summary>
    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) =>
        builder.Metadata.Add(new AcceptsMetadata(["application/json"], typeof(T), AgoraRules.MayBeEmpty(typeof(T))));

    static AgoraBody<T> Invalid(ReadOnlyMemory<byte> bytes, string field, string message) =>
        new(null, bytes, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>Which of Agora's rules a body type answers to.</summary>
static class AgoraRules
{
    /// <summary>Bodies whose every field is optional: no body at all means <c>{}</c>.</summary>
    public static bool MayBeEmpty(Type type) => type == typeof(KickRequest) || type == typeof(RecordingStateRequest);

    public static IReadOnlyDictionary<string, string[]> Validate(object body) => body switch
    {
        CreateRoomRequest room => room.Validate(),
        KickRequest kick => kick.Validate(),
        RecordingStateRequest recording => recording.Validate(),
        UploadResourceRequest upload => upload.Validate(),
        DeleteResourcesRequest delete => delete.Validate(),
        _ => throw new NotSupportedException($"No Agora rules are known for {body.GetType().Name}."),
    };
}
