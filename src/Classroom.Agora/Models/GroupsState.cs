namespace Classroom.Agora.Models;

/// <summary>The <c>{state}</c> of <c>PUT /v2/rooms/{roomUuid}/groups/states/{state}</c>.</summary>
public static class GroupsState
{
    public const int Closed = 0;
    public const int Open = 1;
}
