using System.Text.Json;
using System.Text.Json.Nodes;
using Classroom.Agora.Models;
using Classroom.Agora.Validation;

namespace Classroom.Emulator.Hosting;

/// <summary>
/// A request body read the way Agora reads it (<see cref="AgoraJson.Bodies"/>): any content type, an empty body as an
/// empty object.
/// A malformed body, or one the server refuses to read (too large: 413), is kept as a failure rather than thrown, so
/// that authentication still answers first.
/// </summary>
sealed class JsonBody<T> : IRequestBody where T : class, new()
{
    JsonBody(T value, AgoraFailure? error, bool unread = false, ReadOnlyMemory<byte>? sent = null) =>
        (Value, _error, Unread, _sent) = (value, error, unread ? error : null, sent);

    readonly AgoraFailure? _error;
    readonly ReadOnlyMemory<byte>? _sent;

    public AgoraFailure? Unread { get; }

    public T Value { get; }

    /// <summary>
    /// The member <paramref name="name"/> as the client sent it, for a value Agora keeps as it came: the model reads some
    /// values its own way (a role sent as <c>"2"</c> is written back as the number 2; a field sent as null is no field).
    /// Null when the body has no such member.
    /// </summary>
    public JsonNode? Sent(string name) =>
        _sent is { } sent && JsonNode.Parse(sent.Span, documentOptions: AgoraJson.Documents) is JsonObject body && body.Remove(name, out var member)
            ? member
            : null;

    /// <summary>The 400 for a body that is not JSON of the right shape or breaks one of <paramref name="rules"/>; null when it is fine.</summary>
    public AgoraFailure? Check(Func<T, IReadOnlyDictionary<string, string[]>> rules)
    {
        if (_error is { } error)
        {
            return error;
        }
        var errors = rules(Value);
        return errors.Count == 0 ? null : AgoraFailure.Invalid(errors);
    }

    /// <summary>The 400 of a body that breaks <paramref name="rules"/>, or else what <paramref name="operation"/> on it comes to.</summary>
    public Outcome<TResult> Then<TResult>(Func<T, IReadOnlyDictionary<string, string[]>> rules, Func<T, Outcome<TResult>> operation) =>
        Check(rules) is { } invalid ? invalid : operation(Value);

    public static async ValueTask<JsonBody<T>?> BindAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        try
        {
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            return new JsonBody<T>(new T(), AgoraFailure.Unreadable(e), unread: true);
        }
        if (buffer.Length == 0)
        {
            return new JsonBody<T>(new T(), null);
        }
        var sent = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        var bytes = sent.Span;
        if (SoundJson.FaultIn(bytes) is var (field, message))
        {
            // A lone surrogate, say, binds, but whatever stored it could not be written out again.
            return new JsonBody<T>(new T(), AgoraFailure.BadParameter(field == "body" ? "the body " + message : $"the body's {field} {message}"));
        }
        try
        {
            return new JsonBody<T>(JsonSerializer.Deserialize<T>(bytes, AgoraJson.Bodies) ?? new T(), null, sent: sent);
        }
        catch (JsonException e)
        {
            // Where, not the serializer's words: they name the emulator's own types.
            return new JsonBody<T>(new T(), AgoraFailure.BadParameter($"the body is not valid JSON for this call (at {e.Path ?? "$"})"));
        }
    }
}

/// <summary>A body as bound for an endpoint, whichever its type.</summary>
interface IRequestBody
{
    /// <summary>The failure of a body the server refused to read (too large: 413); null when it was read.</summary>
    AgoraFailure? Unread { get; }

    /// <summary>
    /// The endpoint filter that answers a body the server refused to read, after the token and the ids are checked: no call
    /// acts on a request whose body it could not read, not even one that takes no body (closing groups, stopping a recording).
    /// </summary>
    static ValueTask<object?> RefuseUnread(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.Arguments.OfType<IRequestBody>().Select(body => body.Unread).FirstOrDefault(unread => unread is not null) is { } failure)
        {
            Outcome<NoData> refused = failure;
            return ValueTask.FromResult<object?>(refused.ToResult(context.HttpContext.RequestServices.GetRequiredService<TimeProvider>()));
        }
        return next(context);
    }
}
