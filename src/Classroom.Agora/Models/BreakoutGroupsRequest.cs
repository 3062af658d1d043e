using Classroom.Agora.Validation;

namespace Classroom.Agora.Models;

/// <summary>Body of <c>PUT /v2/rooms/{roomUuid}/groups/states/1</c>; closing (state 0) takes no body.</summary>
public sealed record BreakoutGroupsRequest : IAgoraRequestBody<BreakoutGroupsRequest>
{
    public IReadOnlyList<BreakoutGroup>? Groups { get; init; }

    static bool IAgoraRequestBody<BreakoutGroupsRequest>.MayBeEmpty => true;

    static IReadOnlyDictionary<string, string[]> IAgoraRequestBody<BreakoutGroupsRequest>.Validate(BreakoutGroupsRequest body) => body.Validate();
}
