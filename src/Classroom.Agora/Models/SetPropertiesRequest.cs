using System.Text.Json;
using Classroom.Agora.Validation;

namespace Classroom.Agora.Models;

/// <summary>
/// Body of <c>PUT /v2/rooms/{roomUuid}/properties</c> and <c>PUT /v2/rooms/{roomUuid}/users/{userUuid}/properties</c>:
/// each key is a property or a dotted path to a nested one (<c>flexProps.quiz.open</c>), each value any JSON.
/// </summary>
public sealed record SetPropertiesRequest : IAgoraRequestBody<SetPropertiesRequest>
{
    public IReadOnlyDictionary<string, JsonElement>? Properties { get; init; }

    /// <summary>Why, as the caller tells it; Agora hands it on in the change's event.</summary>
    public JsonElement? Cause { get; init; }

    static IReadOnlyDictionary<string, string[]> IAgoraRequestBody<SetPropertiesRequest>.Validate(SetPropertiesRequest body) => body.Validate();
}
