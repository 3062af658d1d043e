using System.Text.Json;
using System.Text.Json.Serialization;

namespace Classroom.Agora.Models;

/// <summary>
/// Reads <c>true</c>, <c>false</c> or their text (<c>"true"</c>, as Agora's own examples write some flags), that text
/// alone: the body is forwarded as sent, and a text .NET would read as a flag (<c>" TRUE "</c>, <c>"False"</c>) is one
/// that Agora's reader may take otherwise, or refuse.
/// </summary>
public sealed class BooleanOrStringConverter : JsonConverter<bool?>
{
    public override bool HandleNull => true;

    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.String when reader.ValueTextEquals("true"u8) => true,
            JsonTokenType.String when reader.ValueTextEquals("false"u8) => false,
            _ => throw new JsonException("Expected true, false, \"true\" or \"false\"."),
        };

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        if (value is { } flag)
        {
            writer.WriteBooleanValue(flag);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
