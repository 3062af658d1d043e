namespace Classroom.Agora.Models;

public sealed record BreakoutGroupUser
{
    public string? UserUuid { get; init; }
}
