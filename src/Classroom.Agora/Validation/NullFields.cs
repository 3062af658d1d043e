using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Classroom.Agora.Validation;

/// <summary>
/// A request field sent as <c>null</c>: an optional field of Agora's bodies is one to leave out, as the API's document
/// says, and a <c>null</c> would reach Agora as it came (bodies are forwarded as sent), where its meaning is not Agora's to
/// guess. Only the fields a body's type declares are judged, at any depth, with the entries of its typed maps and lists;
/// what is free-form (a properties map, a widget's <c>extra</c> content, any JSON value) may hold nulls as data, and a
/// field no type declares travels as it came.
/// </summary>
public static class NullFields
{
    /// <summary>The path of the first declared field of <paramref name="type"/> that <paramref name="body"/> sends as <c>null</c>; null when none is.</summary>
    public static string? FirstIn(ReadOnlyMemory<byte> body, JsonTypeInfo type)
    {
        using var document = JsonDocument.Parse(body);
        return FirstIn(document.RootElement, type, "");
    }

    static string? FirstIn(JsonElement value, JsonTypeInfo type, string path)
    {
        switch (type.Kind)
        {
            case JsonTypeInfoKind.Object when value.ValueKind == JsonValueKind.Object:
                // The extension data property gathers the fields no type declares; its own name is none of them.
                foreach (var field in value.EnumerateObject())
                {
                    if (type.Properties.FirstOrDefault(p => p.Name == field.Name && !p.IsExtensionData) is { } declared
                        && Within(field.Value, declared.PropertyType, type.Options, path.Length == 0 ? field.Name : $"{path}.{field.Name}") is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case JsonTypeInfoKind.Dictionary when value.ValueKind == JsonValueKind.Object && type.ElementType is { } entry && !IsFreeForm(entry):
                foreach (var field in value.EnumerateObject())
                {
                    if (Within(field.Value, entry, type.Options, $"{path}.{field.Name}") is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case JsonTypeInfoKind.Enumerable when value.ValueKind == JsonValueKind.Array && type.ElementType is { } element:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if ((item.ValueKind != JsonValueKind.Null || !IsFreeForm(element)) && Within(item, element, type.Options, $"{path}[{index}]") is { } found)
                    {
                        return found;
                    }
                    index++;
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary><paramref name="at"/> when the value of a declared type is null, else the first null field within it.</summary>
    static string? Within(JsonElement value, Type declared, JsonSerializerOptions options, string at) =>
        value.ValueKind == JsonValueKind.Null ? at : FirstIn(value, options.GetTypeInfo(declared), at);

    /// <summary>Any JSON value, null among them.</summary>
    static bool IsFreeForm(Type type) => type == typeof(JsonElement) || type == typeof(JsonElement?) || type == typeof(object)
        || typeof(System.Text.Json.Nodes.JsonNode).IsAssignableFrom(type);
}
