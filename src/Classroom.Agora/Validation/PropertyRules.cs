using System.Text.Json;
using Classroom.Agora.Models;

namespace Classroom.Agora.Validation;

/// <summary>
/// Rules for custom properties of rooms, users and widgets: keys are names or dotted paths (<c>a.b</c>) without empty
/// parts, at most <see cref="MaxKeys"/> in one call; a <c>cause</c> is a JSON object.
/// </summary>
public static class PropertyRules
{
    public const int MaxKeys = 100;
    public const int MaxKeyLength = 256;
    public const int MaxKeyDepth = 16;

    public const string KeyRule = "must be a name or a dotted path of names (a.b), each part not empty, at most 256 characters and 16 parts";

    /// <summary>
    /// <see cref="IsValidKey"/> as a JSON Schema pattern, for the document: up to 16 parts joined by dots, each holding a
    /// character that is neither a dot nor white space as <see cref="char.IsWhiteSpace(char)"/> names it.
    /// </summary>
    public const string KeyPattern = @"^[^.]*[^." + WhiteSpace.Characters + @"][^.]*(?:\.[^.]*[^." + WhiteSpace.Characters + @"][^.]*){0,15}$";

    public static IReadOnlyDictionary<string, string[]> Validate(this SetPropertiesRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        RequireChanges(errors, request.Properties, "properties");
        CheckCause(errors, request.Cause);
        return errors.ToDictionary();
    }

    public static IReadOnlyDictionary<string, string[]> Validate(this DeletePropertiesRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        RequireKeys(errors, request.Properties, "properties");
        CheckCause(errors, request.Cause);
        return errors.ToDictionary();
    }

    public static bool IsValidKey([NotNullWhen(true)] string? key)
    {
        // Counted in characters (code points), as the document's maxLength counts them: a character beyond the BMP is one.
        if (string.IsNullOrEmpty(key) || key.EnumerateRunes().Count() > MaxKeyLength)
        {
            return false;
        }
        var parts = key.Split('.');
        return parts.Length <= MaxKeyDepth && !parts.Any(string.IsNullOrWhiteSpace);
    }

    /// <summary>An object of one or more properties to set, each under a valid key.</summary>
    internal static void RequireChanges(FieldErrors errors, IReadOnlyDictionary<string, JsonElement>? changes, string field)
    {
        if (changes is not { Count: > 0 })
        {
            errors.Add(field, "must hold at least one property");
            return;
        }
        CheckChanges(errors, changes, field);
    }

    internal static void CheckChanges(FieldErrors errors, IReadOnlyDictionary<string, JsonElement> changes, string field)
    {
        errors.Require(changes.Count <= MaxKeys, field, $"must hold at most {MaxKeys} properties");
        var valid = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in changes.Keys)
        {
            if (IsValidKey(key))
            {
                valid.Add(key);
            }
            else
            {
                errors.Add($"{field}.{key}", KeyRule);
            }
        }
        // Each key is named once, by the first rule it breaks: a key already refused for its shape is not judged again.
        foreach (var key in valid)
        {
            if (EnclosingKey(key, valid) is { } outer)
            {
                errors.Add($"{field}.{key}", $"names a property inside {outer}, which this body sets too: set {outer} whole, or each property inside it");
            }
        }
    }

    /// <summary>
    /// The outermost of <paramref name="keys"/> that names a property holding <paramref name="key"/>'s (<c>a</c> for
    /// <c>a.b.c</c>); null when none does. A body setting both sets one property twice, <c>{"a": {"b": 1}, "a.b": 2}</c>,
    /// or sets inside a value it replaces, <c>{"a": 1, "a.b": 2}</c>: the outcome is the order the keys are applied in,
    /// which JSON leaves to each reader (RFC 8259 §4: an object's members are unordered).
    /// </summary>
    static string? EnclosingKey(string key, HashSet<string> keys)
    {
        for (var dot = key.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = key.IndexOf('.', dot + 1))
        {
            if (keys.Contains(key[..dot]))
            {
                return key[..dot];
            }
        }
        return null;
    }

    /// <summary>A list of one or more valid keys.</summary>
    internal static void RequireKeys(FieldErrors errors, IReadOnlyList<string>? keys, string field)
    {
        if (keys is not { Count: > 0 })
        {
            errors.Add(field, "must list at least one key");
            return;
        }
        errors.Require(keys.Count <= MaxKeys, field, $"must list at most {MaxKeys} keys");
        for (var i = 0; i < keys.Count; i++)
        {
            errors.Require(IsValidKey(keys[i]), $"{field}[{i}]", KeyRule);
        }
    }

    internal static void CheckCause(FieldErrors errors, JsonElement? cause) =>
        errors.Require(cause is null or { ValueKind: JsonValueKind.Object or JsonValueKind.Null }, "cause", "must be a JSON object");
}
