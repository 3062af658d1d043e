using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Classroom.Agora.Validation;
using Gateway.Problems;

namespace Gateway.Forwarding;

/// <summary>
/// A request body of Agora's, read once, checked against the rules its type states (<see cref="IAgoraRequestBody{TSelf}"/>),
/// and kept as bytes so that exactly what the client sent is what Agora receives. Binding throws only a refusal of the body
/// as a whole (its media type, its size, its framing: <see cref="ClientRefusal"/>); a malformed body is an error like any other.
/// </summary>
public sealed class AgoraBody<T> : IEndpointParameterMetadataProvider where T : class, IAgoraRequestBody<T>
{
    public const int MaxBytes = Security.RequestLimits.MaxBodyBytes;

    static readonly ReadOnlyMemory<byte> EmptyObject = "{}"u8.ToArray();

    static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo Type = AgoraJson.Bodies.GetTypeInfo(typeof(T));

    static readonly DeclaredMembers? Declared = DeclaredMembers.Of(Type);

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
        // Kestrel enforces the limit already; this holds it wherever the body comes from.
        var bytes = await ClientBody.ReadJsonAsync(context, MaxBytes);
        if (bytes.IsEmpty)
        {
            if (!T.MayBeEmpty)
            {
                return Invalid(bytes, "body", "is required");
            }
            bytes = EmptyObject;
        }
        if (SoundJson.FaultIn(bytes.Span, Declared) is var (field, message))
        {
            return Invalid(bytes, field, message);
        }
        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(bytes.Span, AgoraJson.Bodies);
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
        // A null is the literal's four bytes wherever it is sent, so a body without them needs no second parse.
        if (bytes.Span.IndexOf("null"u8) >= 0 && NullFields.FirstIn(bytes, Type) is { } nullField)
        {
            return Invalid(bytes, nullField, "must not be null: leave an optional field out");
        }
        return new AgoraBody<T>(value, bytes, T.Validate(value));
    }

    /// <summary>
    /// Tells the API explorer the body is a <typeparamref name="T"/>, which custom binding would hide; without a media type,
    /// which routing would check before sign-in (<see cref="ClientBody.IsJson"/>; the document's is <see cref="OpenApi.JsonRequestBodiesFilter"/>).
    /// </summary>
    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) =>
        builder.Metadata.Add(new AcceptsMetadata([], typeof(T), T.MayBeEmpty));

    static AgoraBody<T> Invalid(ReadOnlyMemory<byte> bytes, string field, string message) =>
        new(null, bytes, new Dictionary<string, string[]> { [field] = [message] });
}
