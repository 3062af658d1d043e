using System.Text.Json;

namespace Classroom.Agora.Models;

/// <summary>How Agora's request bodies are read, by the gateway that checks them and the emulator that takes them alike.</summary>
public static class AgoraJson
{
    /// <summary>
    /// Each field by its name as Agora spells it, case and all; each field once; a number as a number. A reading of its
    /// own on either side (a field matched in another case, the last of two taken) would let the gateway check one
    /// request and Agora carry out another.
    /// </summary>
    public static readonly JsonSerializerOptions Bodies = ReadOnly(new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, AllowDuplicateProperties = false });

    /// <summary>Fixed, with the reflection resolver, so that a body type's metadata can be asked for before any body is read.</summary>
    static JsonSerializerOptions ReadOnly(JsonSerializerOptions options)
    {
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
