using System.Text.Json;
using System.Text.Json.Nodes;
using Classroom.Agora.Models;
using Classroom.Emulator.Events;
using Classroom.Emulator.Hosting;
using Classroom.Emulator.Properties;

namespace Classroom.Emulator.Classrooms;

/// <summary>
/// A room's <c>roomProperties</c>: what it was created with, the custom properties set since, its widgets and groups.
/// Every change is announced as a cmd 5 event.
/// </summary>
sealed class ClassroomProperties(PropertyTree tree, RoomEventLog events)
{
    public PropertyTree Tree => tree;

    /// <summary>Writes under <c>record</c> are passed over: it is the recordings' own account, which no client speaks for.</summary>
    public Outcome<NoData> Set(SetPropertiesRequest request) => Announce(PropertyAction.Set,
        tree.SetAll(request.Properties!.Where(p => !IsRecord(p.Key)).ToDictionary()), request.Cause);

    /// <summary>Keys the room does not have, and those under <c>record</c>, are passed over; only a deletion that removed something is announced.</summary>
    public Outcome<NoData> Delete(DeletePropertiesRequest request) =>
        Announce(PropertyAction.Deleted, tree.RemoveAll(request.Properties!.Where(key => !IsRecord(key))), request.Cause);

    static bool IsRecord(string key) => key == "record" || key.StartsWith("record.", StringComparison.Ordinal);

    public Outcome<NoData> Announce(int action, JsonObject changes, JsonElement? cause) =>
        PropertyChange.Announce(events, EventCmd.RoomPropertiesChanged, action, changes, cause);
}
