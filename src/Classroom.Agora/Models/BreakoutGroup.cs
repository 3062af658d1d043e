namespace Classroom.Agora.Models;

/// <summary>One breakout group; without a <c>groupUuid</c> the service names it.</summary>
public sealed record BreakoutGroup
{
    public string? GroupUuid { get; init; }
    public string? GroupName { get; init; }
    public IReadOnlyList<BreakoutGroupUser>? Users { get; init; }
}
