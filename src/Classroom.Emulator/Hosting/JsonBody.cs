using System.Text.Json;
using Classroom.Agora.Models;
using Classroom.Agora.Validation;

namespace Classroom.Emulator.Hosting;

/// <summary>
/// A request body read the way Agora reads it (<see cref="AgoraJson.Bodies"/>): any content type, an empty body as an
/// empty object.
/// A malformed body is kept as a failure rather than thrown, so that authentication still answers first.
/// </summary>
sealed class JsonBody<T> where T : class, new()
{
    JsonBody(T value, string? error) => (Value, _error) = (value, error);

    readonly string? _error;

    public T Value { get; }

    /// <summary>The 400 for a body that is not JSON of the right shape or breaks one of <paramref name="rules"/>; null when it is fine.</summary>
    public AgoraFailure? Check(Func<T, IReadOnlyDictionary<string, string[]>> rules)
    {
        if (_error is not null)
        {
            return AgoraFailure.BadParameter(_error);
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
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (buffer.Length == 0)
        {
            return new JsonBody<T>(new T(), null);
        }
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (!SoundJson.IsSound(bytes))
        {
            // A lone surrogate, say, binds, but whatever stored it could not be written out again.
            return new JsonBody<T>(new T(), "the body " + SoundJson.Rule);
        }
        try
        {
            return new JsonBody<T>(JsonSerializer.Deserialize<T>(bytes, AgoraJson.Bodies) ?? new T(), null);
        }
        catch (JsonException e)
        {
            // Where, not the serializer's words: they name the emulator's own types.
            return new JsonBody<T>(new T(), $"the body is not valid JSON for this call (at {e.Path ?? "$"})");
        }
    }
}
