using System.Reflection;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;
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
    public const int MaxDepth = 64;

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
        // Kestrel enforces the limit already; this holds it wherever the body comes from.
        var bytes = await ClientBody.ReadAsync(context, MaxBytes);
        if (!IsJson(context.Request.ContentType, bytes.IsEmpty))
        {
            throw new ClientRefusal(ClientBody.NotJson, StatusCodes.Status415UnsupportedMediaType);
        }
        if (bytes.IsEmpty)
        {
            if (!T.MayBeEmpty)
            {
                return Invalid(bytes, "body", "is required");
            }
            bytes = EmptyObject;
        }
        if (!IsSoundJson(bytes.Span))
        {
            return Invalid(bytes, "body", "must be one JSON value in valid UTF-8, with finite numbers, "
                + $"whole surrogate pairs and at most {MaxDepth} levels of nesting");
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
        return new AgoraBody<T>(value, bytes, T.Validate(value));
    }

    /// <summary>
    /// A body is JSON by its <c>Content-Type</c>; an empty one may have none. Checked here, once the caller is signed in
    /// and allowed, not by routing: routing would answer a stranger's request 415 before its 401 or 403, and the audit
    /// trail would not know the route.
    /// </summary>
    static bool IsJson(string? contentType, bool empty) => contentType is null
        ? empty
        : MediaTypeHeaderValue.TryParse(contentType, out var type) && type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Tells the API explorer the body is a <typeparamref name="T"/>, which custom binding would hide; without a media type,
    /// which routing would check before sign-in (<see cref="IsJson"/>; the document's is <see cref="OpenApi.JsonRequestBodiesFilter"/>).
    /// </summary>
    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) =>
        builder.Metadata.Add(new AcceptsMetadata([], typeof(T), T.MayBeEmpty));

    /// <summary>
    /// Agora receives exactly these bytes, so all of them must be sound, not only the fields bound here: a field the
    /// models ignore could otherwise carry invalid UTF-8, a lone surrogate or an infinite number upstream.
    /// </summary>
    static bool IsSoundJson(ReadOnlySpan<byte> bytes)
    {
        if (!Utf8.IsValid(bytes))
        {
            return false;
        }
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    reader.GetString(); // throws on an escaped lone surrogate
                }
                else if (reader.TokenType == JsonTokenType.Number && (!reader.TryGetDouble(out var number) || !double.IsFinite(number)))
                {
                    return false;
                }
            }
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    static AgoraBody<T> Invalid(ReadOnlyMemory<byte> bytes, string field, string message) =>
        new(null, bytes, new Dictionary<string, string[]> { [field] = [message] });
}
