using System.Text.Json.Nodes;
using Classroom.Agora.Models;
using Classroom.Emulator.Hosting;

namespace Classroom.Emulator.Classrooms;

/// <summary>
/// Breakout groups, kept where Agora's client reads them, in <c>roomProperties.groups</c>: <c>state</c> (0 closed, 1 open)
/// and <c>details</c>, by group id, of <c>groupName</c> and <c>users[{userUuid}]</c>. Opening replaces the groups.
/// </summary>
sealed class BreakoutGroups(ClassroomProperties properties)
{
    static readonly string[] StatePath = ["groups", "state"];
    static readonly string[] DetailsPath = ["groups", "details"];

    public Outcome<NoData> Open(BreakoutGroupsRequest request)
    {
        var details = new JsonObject();
        foreach (var group in request.Groups!)
        {
            var users = new JsonArray([.. group.Users!.Select(user => new JsonObject { ["userUuid"] = user.UserUuid })]);
            details[group.GroupUuid ?? Guid.NewGuid().ToString("N")] = new JsonObject { ["groupName"] = group.GroupName, ["users"] = users };
        }
        return Change(GroupsState.Open, details);
    }

    /// <summary>Closing groups that are not open changes nothing and announces nothing.</summary>
    public Outcome<NoData> Close() =>
        properties.Tree.Find(StatePath) is JsonValue state && state.TryGetValue<int>(out var open) && open == GroupsState.Open
            ? Change(GroupsState.Closed, [])
            : NoData.Done;

    Outcome<NoData> Change(int state, JsonObject details)
    {
        properties.Tree.Set(StatePath, state);
        properties.Tree.Set(DetailsPath, details);
        var changes = new JsonObject { ["groups.state"] = state, ["groups.details"] = details.DeepClone() };
        return properties.Announce(PropertyAction.Set, changes, cause: null);
    }
}
