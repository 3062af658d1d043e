using System.Text.Json;
using System.Text.Json.Nodes;
using Classroom.Emulator.Classrooms;
using Classroom.Emulator.Events;
using Classroom.Emulator.Hosting;

namespace Classroom.Emulator.Properties;

/// <summary>
/// The <c>data</c> of a property change event (cmds 5, 23, 1110): <c>action</c>, <c>changeProperties</c> (dotted key →
/// value), <c>cause</c> as the caller gave it, the <c>operator</c> and, for a user's properties, <c>fromUser</c>.
/// </summary>
static class PropertyChange
{
    /// <summary>Agora names a change made through its REST API as the server's.</summary>
    static readonly JsonObject ServerOperator = new() { ["userUuid"] = "server", ["userName"] = "server", ["role"] = "server" };

    /// <summary>Appends the change as a <paramref name="cmd"/> event when it changed anything; a change of nothing is not announced.</summary>
    public static Outcome<NoData> Announce(RoomEventLog events, int cmd, int action, JsonObject changes, JsonElement? cause,
        RoomMember? fromUser = null, string? widgetUuid = null)
    {
        if (changes.Count > 0)
        {
            events.Append(cmd, Data(action, changes, cause, fromUser, widgetUuid));
        }
        return NoData.Done;
    }

    static JsonObject Data(int action, JsonObject changes, JsonElement? cause, RoomMember? fromUser = null, string? widgetUuid = null)
    {
        var data = new JsonObject { ["action"] = action };
        if (widgetUuid is not null)
        {
            data["widgetUuid"] = widgetUuid;
        }
        data["changeProperties"] = changes;
        data["cause"] = cause is { ValueKind: JsonValueKind.Object } given ? PropertyTree.NodeOf(given) : null;
        if (fromUser is not null)
        {
            data["fromUser"] = JsonSerializer.SerializeToNode(fromUser.Identity, JsonSerializerOptions.Web);
        }
        data["operator"] = ServerOperator.DeepClone();
        return data;
    }
}
