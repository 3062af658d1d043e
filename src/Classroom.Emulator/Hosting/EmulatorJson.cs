using System.Text.Json;
using Classroom.Agora.Validation;

namespace Classroom.Emulator.Hosting;

/// <summary>How the emulator writes what it stores and answers.</summary>
static class EmulatorJson
{
    /// <summary>
    /// A body may nest <see cref="SoundJson.MaxDepth"/> levels, and its value is stored under a key path of up to
    /// <see cref="PropertyRules.MaxKeyDepth"/> parts (inside <c>widgets.{widgetUuid}.extra</c>) and answered inside the
    /// envelope, a list and an event: about 90 levels at most. The serializer's default of 64 refused to write what the
    /// emulator had accepted.
    /// </summary>
    public const int MaxDepth = 2 * SoundJson.MaxDepth;

    /// <summary>The web defaults, deep enough for every value a body may set.</summary>
    public static readonly JsonSerializerOptions Answers = new(JsonSerializerDefaults.Web) { MaxDepth = MaxDepth };
}
