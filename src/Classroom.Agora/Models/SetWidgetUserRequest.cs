using System.Text.Json;
using Classroom.Agora.Validation;

namespace Classroom.Agora.Models;

/// <summary>Body of <c>PUT /v2/rooms/{roomUuid}/widgets/{widgetUuid}/users/{userUuid}</c>: the user's properties of the widget.</summary>
public sealed record SetWidgetUserRequest : IAgoraRequestBody<SetWidgetUserRequest>
{
    public IReadOnlyDictionary<string, JsonElement>? Extra { get; init; }
    public JsonElement? Cause { get; init; }

    static IReadOnlyDictionary<string, string[]> IAgoraRequestBody<SetWidgetUserRequest>.Validate(SetWidgetUserRequest body) => body.Validate();
}
