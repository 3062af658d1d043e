using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Gateway.Tests.Support;

/// <summary>
/// What a validating client of the served document checks of a body: the OpenAPI 3.0 schema keywords the document uses
/// (<c>$ref</c>, <c>type</c>, <c>nullable</c>, <c>format</c>, bounds, <c>enum</c>, <c>pattern</c>, <c>required</c>,
/// <c>properties</c>, <c>additionalProperties</c>, <c>items</c>, <c>allOf</c>/<c>anyOf</c>/<c>oneOf</c>). Returns each
/// violation as a JSON path and what is wrong there; none when the body conforms.
/// </summary>
public static class OpenApiSchema
{
    public static List<string> Violations(JsonNode document, JsonNode schema, JsonElement value)
    {
        var violations = new List<string>();
        Check(document, schema, value, "$", violations);
        return violations;
    }

    static void Check(JsonNode document, JsonNode schema, JsonElement value, string at, List<string> violations)
    {
        if (schema["$ref"] is { } reference)
        {
            var id = ((string)reference!).Split('/')[^1];
            Check(document, document["components"]!["schemas"]![id]!, value, at, violations);
            return;
        }
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (schema["nullable"]?.GetValue<bool>() != true && (schema["type"] is not null || schema["properties"] is not null))
            {
                violations.Add($"{at}: null where the schema is not nullable");
            }
            return;
        }
        foreach (var part in schema["allOf"]?.AsArray() ?? [])
        {
            Check(document, part!, value, at, violations);
        }
        foreach (var (keyword, exactlyOne) in new[] { ("anyOf", false), ("oneOf", true) })
        {
            if (schema[keyword] is JsonArray choices)
            {
                var matches = choices.Count(choice => Violations(document, choice!, value).Count == 0);
                if (matches == 0 || (exactlyOne && matches > 1))
                {
                    violations.Add($"{at}: {matches} of the {keyword} schemas match");
                }
            }
        }
        if (schema["enum"] is JsonArray values && !values.Any(v => JsonNode.DeepEquals(v, JsonNode.Parse(value.GetRawText()))))
        {
            violations.Add($"{at}: {value.GetRawText()} is none of {values.ToJsonString()}");
        }
        var type = (string?)schema["type"];
        switch (type)
        {
            case "string":
                if (value.ValueKind != JsonValueKind.String)
                {
                    violations.Add($"{at}: {value.ValueKind} where a string is documented");
                    return;
                }
                CheckString(schema, value.GetString()!, at, violations);
                break;
            case "integer":
            case "number":
                if (value.ValueKind != JsonValueKind.Number || (type == "integer" && !value.TryGetInt64(out _) && !IsWholeNumber(value)))
                {
                    violations.Add($"{at}: {value.GetRawText()} where an {type} is documented");
                    return;
                }
                CheckNumber(schema, value, at, violations);
                break;
            case "boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    violations.Add($"{at}: {value.ValueKind} where a boolean is documented");
                }
                break;
            case "array":
                if (value.ValueKind != JsonValueKind.Array)
                {
                    violations.Add($"{at}: {value.ValueKind} where an array is documented");
                    return;
                }
                CheckArray(document, schema, value, at, violations);
                break;
            case "object":
                if (value.ValueKind != JsonValueKind.Object)
                {
                    violations.Add($"{at}: {value.ValueKind} where an object is documented");
                    return;
                }
                break;
        }
        if (value.ValueKind == JsonValueKind.Object && (type == "object" || schema["properties"] is not null))
        {
            CheckObject(document, schema, value, at, violations);
        }
    }

    static bool IsWholeNumber(JsonElement value) => value.TryGetDecimal(out var d) && d == decimal.Truncate(d);

    static void CheckString(JsonNode schema, string text, string at, List<string> violations)
    {
        if (schema["minLength"] is { } min && text.Length < (int)min)
        {
            violations.Add($"{at}: \"{text}\" is shorter than {min}");
        }
        if (schema["maxLength"] is { } max && text.Length > (int)max)
        {
            violations.Add($"{at}: a string of {text.Length} is longer than {max}");
        }
        if (schema["pattern"] is { } pattern && !Regex.IsMatch(text, (string)pattern!))
        {
            violations.Add($"{at}: \"{text}\" does not match {pattern}");
        }
        switch ((string?)schema["format"])
        {
            case "date-time" when !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                || !Regex.IsMatch(text, @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"):
                violations.Add($"{at}: \"{text}\" is no RFC 3339 date-time");
                break;
            case "uri" when !Uri.TryCreate(text, UriKind.Absolute, out _):
                violations.Add($"{at}: \"{text}\" is no absolute URI");
                break;
        }
    }

    static void CheckNumber(JsonNode schema, JsonElement value, string at, List<string> violations)
    {
        var number = value.GetDecimal();
        if (schema["minimum"] is { } min && number < decimal.Parse(min.ToString(), CultureInfo.InvariantCulture))
        {
            violations.Add($"{at}: {number} is below {min}");
        }
        if (schema["maximum"] is { } max && number > decimal.Parse(max.ToString(), CultureInfo.InvariantCulture))
        {
            violations.Add($"{at}: {number} is above {max}");
        }
        if ((string?)schema["format"] == "int32" && number is < int.MinValue or > int.MaxValue)
        {
            violations.Add($"{at}: {number} is no int32");
        }
    }

    static void CheckArray(JsonNode document, JsonNode schema, JsonElement value, string at, List<string> violations)
    {
        var length = value.GetArrayLength();
        if (schema["minItems"] is { } min && length < (int)min)
        {
            violations.Add($"{at}: {length} items, fewer than {min}");
        }
        if (schema["maxItems"] is { } max && length > (int)max)
        {
            violations.Add($"{at}: {length} items, more than {max}");
        }
        if (schema["items"] is { } items)
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(document, items, item, $"{at}[{i++}]", violations);
            }
        }
    }

    static void CheckObject(JsonNode document, JsonNode schema, JsonElement value, string at, List<string> violations)
    {
        var properties = schema["properties"]?.AsObject();
        foreach (var required in schema["required"]?.AsArray() ?? [])
        {
            if (!value.TryGetProperty((string)required!, out _))
            {
                violations.Add($"{at}: required \"{required}\" is missing");
            }
        }
        var count = 0;
        foreach (var property in value.EnumerateObject())
        {
            count++;
            if (properties?[property.Name] is { } declared)
            {
                Check(document, declared, property.Value, $"{at}.{property.Name}", violations);
            }
            else if (schema["additionalProperties"] is { } additional)
            {
                if (additional is JsonValue flag && flag.GetValue<bool>() == false)
                {
                    violations.Add($"{at}: \"{property.Name}\" is not documented and no other property is allowed");
                }
                else if (additional is JsonObject)
                {
                    Check(document, additional, property.Value, $"{at}.{property.Name}", violations);
                }
            }
        }
        if (schema["minProperties"] is { } min && count < (int)min)
        {
            violations.Add($"{at}: {count} properties, fewer than {min}");
        }
        if (schema["maxProperties"] is { } max && count > (int)max)
        {
            violations.Add($"{at}: {count} properties, more than {max}");
        }
    }
}
