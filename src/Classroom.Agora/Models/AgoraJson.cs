using System.Text.Json;
using Classroom.Agora.Validation;

namespace Classroom.Agora.Models;

/// <summary>
/// How Agora's request bodies are read, by the gateway that checks them and the emulator that takes them alike, and how
/// deep Agora's answers may be for whoever writes or reads them again.
/// </summary>
public static class AgoraJson
{
    /// <summary>
    /// A body may nest <see cref="SoundJson.MaxDepth"/> levels, and Agora answers such a value under its key path (up to
    /// 16 parts, inside <c>widgets.{widgetUuid}.extra</c>) inside its envelope, a list and an event: about 90 levels at
    /// most, past the serializer's default of 64. Whatever writes or reads an answer again (the emulator answering, the
    /// gateway's poll of the event queue, its log and streams, its reads of the room) allows twice a body's depth.
    /// </summary>
    public const int AnswerDepth = 2 * SoundJson.MaxDepth;

    /// <summary>The web defaults, as answers are written and read, deep enough for every value a body may set.</summary>
    public static readonly JsonSerializerOptions Answers = ReadOnly(new(JsonSerializerDefaults.Web) { MaxDepth = AnswerDepth });

    /// <summary>The serializer's own defaults, as the gateway stores an answer's events, deep enough for every value a body may set.</summary>
    public static readonly JsonSerializerOptions Stored = ReadOnly(new() { MaxDepth = AnswerDepth });

    /// <summary>An answer read as a document, deep enough for every value a body may set.</summary>
    public static readonly JsonDocumentOptions Documents = new() { MaxDepth = AnswerDepth };

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
