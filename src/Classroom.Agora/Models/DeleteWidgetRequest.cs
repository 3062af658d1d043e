using System.Text.Json;
using Classroom.Agora.Validation;

namespace Classroom.Agora.Models;

/// <summary>Body of <c>DELETE /v2/rooms/{roomUuid}/widgets/{widgetUuid}</c>: optional, only a <c>cause</c>.</summary>
public sealed record DeleteWidgetRequest : IAgoraRequestBody<DeleteWidgetRequest>
{
    public JsonElement? Cause { get; init; }

    static bool IAgoraRequestBody<DeleteWidgetRequest>.MayBeEmpty => true;

    static IReadOnlyDictionary<string, string[]> IAgoraRequestBody<DeleteWidgetRequest>.Validate(DeleteWidgetRequest body) => body.Validate();
}
