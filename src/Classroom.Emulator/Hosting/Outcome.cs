using Classroom.Agora.Models;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Classroom.Emulator.Hosting;

/// <summary>What an operation on the classroom state came to: data for Agora's envelope, or an Agora error.</summary>
readonly struct Outcome<T>
{
    readonly T? _value;
    readonly AgoraFailure? _failure;

    Outcome(T? value, AgoraFailure? failure) => (_value, _failure) = (value, failure);

    public static implicit operator Outcome<T>(T value) => new(value, null);
    public static implicit operator Outcome<T>(AgoraFailure failure) => new(default, failure);
    public static Outcome<T> Success(T value) => new(value, null);

    /// <summary>Turns the data of a success into other data; a failure stays the same failure.</summary>
    public Outcome<TOther> Map<TOther>(Func<T, TOther> map) => _failure is { } failure ? failure : map(_value!);

    /// <summary>Goes on with the data of a success to a next step that may fail; a failure stays the same failure.</summary>
    public Outcome<TOther> Then<TOther>(Func<T, Outcome<TOther>> next) => _failure is { } failure ? failure : next(_value!);

    public Results<Ok<AgoraEnvelope<T>>, JsonHttpResult<AgoraError>> ToResult(TimeProvider time)
    {
        var now = time.GetUtcNow();
        return _failure is { } failure
            ? TypedResults.Json(new AgoraError(failure.Code, failure.Message, now.ToUnixTimeMilliseconds()), statusCode: failure.Status)
            : TypedResults.Ok(AgoraEnvelope<T>.Success(_value, now));
    }
}

static class Outcome
{
    /// <summary>Success with <paramref name="value"/>, for types an implicit conversion cannot reach (interfaces).</summary>
    public static Outcome<T> Of<T>(T value) => Outcome<T>.Success(value);
}

/// <summary>The data of answers that carry none: Agora then leaves <c>data</c> out.</summary>
sealed class NoData
{
    NoData()
    {
    }

    /// <summary>Success without data.</summary>
    public static Outcome<NoData> Done => default(Outcome<NoData>);
}
