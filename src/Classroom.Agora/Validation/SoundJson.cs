using System.Text.Json;
using System.Text.Unicode;

namespace Classroom.Agora.Validation;

/// <summary>
/// Whether a request body is JSON that every reader takes as the same value, as the gateway holds each body it forwards
/// and the emulator each body it stores: Agora receives exactly the bytes, so all of them must be sound, not only the
/// fields a model binds. A field the models ignore could otherwise carry invalid UTF-8, a lone surrogate or an infinite
/// number, and a value stored with a lone surrogate cannot be written out again.
/// </summary>
public static class SoundJson
{
    public const int MaxDepth = 64;

    /// <summary>What <see cref="IsSound"/> holds a body to, as a field error says it.</summary>
    public static readonly string Rule = "must be one JSON value in valid UTF-8, with finite numbers, "
        + $"whole surrogate pairs and at most {MaxDepth} levels of nesting";

    public static bool IsSound(ReadOnlySpan<byte> bytes)
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
}
