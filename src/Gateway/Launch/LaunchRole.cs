using Gateway.Identity;
using Gateway.Tokens;

namespace Gateway.Launch;

/// <summary>The classroom role a caller joins as, from its school roles.</summary>
public static class LaunchRole
{
    /// <summary>
    /// Teacher 1, else assistant 3 (assistants, and admins, who watch over rooms rather than teach them), else student 2;
    /// null for a caller with no school role.
    /// </summary>
    public static short? Of(Caller caller) =>
        caller.Roles.Contains(Caller.Teacher) ? RoomUserTokenMinter.Teacher
        : caller.Roles.Contains(Caller.Admin) || caller.Roles.Contains(Caller.Assistant) ? RoomUserTokenMinter.Assistant
        : caller.Roles.Contains(Caller.Student) ? RoomUserTokenMinter.Student
        : null;

    /// <summary>Who may create the room in the join: teachers and admins, as on the create route.</summary>
    public static bool MayCreateRooms(Caller caller) => caller.Roles.Contains(Caller.Teacher) || caller.IsAdmin;
}
