using System.Text.Json;
using System.Text.Json.Nodes;
using Classroom.Agora.Models;
using Classroom.Emulator.Classrooms;
using Classroom.Emulator.Events;
using Classroom.Emulator.Hosting;
using Classroom.Emulator.Properties;

namespace Classroom.Emulator.Widgets;

/// <summary>
/// A room's widgets, kept in <c>roomProperties.widgets.{widgetUuid}</c> (<c>state</c>, <c>extra</c>, <c>ownerUserUuid</c>),
/// and each user's properties of a widget, in the user's <c>widgets.{widgetUuid}</c>. Every change is a cmd 1110 event.
/// </summary>
sealed class RoomWidgets(ClassroomProperties properties, RoomUsers users, RoomEventLog events)
{
    const string Root = "widgets";
    const string OwnerKey = "ownerUserUuid";

    /// <summary>An owner must be in the room: the widget lives as long as the owner stays online.</summary>
    public Outcome<NoData> Set(string widgetUuid, SetWidgetRequest request)
    {
        if (request.OwnerUserUuid is { } owner && !users.IsOnline(owner))
        {
            return AgoraFailure.UserNotFound;
        }
        var changes = request.Extra is { } extra ? Prefixed("extra.", properties.Tree.SetAll(extra, [Root, widgetUuid, "extra"])) : [];
        if (request.State is { } state)
        {
            properties.Tree.Set([Root, widgetUuid, "state"], state);
            changes["state"] = state;
        }
        if (request.OwnerUserUuid is { } ownerUserUuid)
        {
            properties.Tree.Set([Root, widgetUuid, OwnerKey], ownerUserUuid);
            changes[OwnerKey] = ownerUserUuid;
        }
        return Announce(widgetUuid, PropertyAction.Set, changes, request.Cause);
    }

    /// <summary>
    /// Deleting a widget the room does not have succeeds and announces nothing. A deleted widget's properties are named as
    /// its other events name them: <c>extra.key</c> for each key of its <c>extra</c>, the others by name. A value at the
    /// widget's key with no property to name (a room property written there: text, <c>{}</c>, an empty <c>extra</c>) is no
    /// widget and stays, since its deletion could not be announced.
    /// </summary>
    public Outcome<NoData> Delete(string widgetUuid, JsonElement? cause)
    {
        if (properties.Tree.Find([Root, widgetUuid]) is not JsonObject widget || !widget.Any(HasNameableProperty))
        {
            return NoData.Done;
        }
        properties.Tree.Remove([Root, widgetUuid], out _);
        var changes = widget["extra"] is JsonObject extra && widget.Remove("extra") ? Prefixed("extra.", extra) : [];
        foreach (var (key, value) in widget.ToList())
        {
            widget.Remove(key);
            changes[key] = value;
        }
        return Announce(widgetUuid, PropertyAction.Deleted, changes, cause);
    }

    static bool HasNameableProperty(KeyValuePair<string, JsonNode?> property) => property is not { Key: "extra", Value: JsonObject { Count: 0 } };

    public Outcome<NoData> DeleteExtra(string widgetUuid, DeleteWidgetPropertiesRequest request) =>
        Announce(widgetUuid, PropertyAction.Deleted, Prefixed("extra.", properties.Tree.RemoveAll(request.Extra!, [Root, widgetUuid, "extra"])), request.Cause);

    /// <summary>A user's properties of a widget: the user must have entered the room at least once.</summary>
    public Outcome<NoData> SetUser(string widgetUuid, string userUuid, SetWidgetUserRequest request) =>
        users.Find(userUuid).Then(member =>
            Announce(widgetUuid, PropertyAction.Set, member.Properties.SetAll(request.Extra!, [Root, widgetUuid]), request.Cause, member));

    public Outcome<NoData> DeleteUser(string widgetUuid, string userUuid, DeleteWidgetPropertiesRequest request) =>
        users.Find(userUuid).Then(member =>
            Announce(widgetUuid, PropertyAction.Deleted, member.Properties.RemoveAll(request.Extra!, [Root, widgetUuid]), request.Cause, member));

    /// <summary>The widgets <paramref name="userUuid"/> owned go with the owner.</summary>
    public void RemoveOwnedBy(string userUuid)
    {
        if (properties.Tree.Find([Root]) is not JsonObject widgets)
        {
            return;
        }
        var owned = widgets
            .Where(pair => pair.Value is JsonObject widget && widget[OwnerKey] is JsonValue owner && owner.TryGetValue<string>(out var uuid) && uuid == userUuid)
            .Select(pair => pair.Key)
            .ToList();
        foreach (var widgetUuid in owned)
        {
            Delete(widgetUuid, cause: null);
        }
    }

    Outcome<NoData> Announce(string widgetUuid, int action, JsonObject changes, JsonElement? cause, RoomMember? fromUser = null) =>
        PropertyChange.Announce(events, EventCmd.WidgetChanged, action, changes, cause, fromUser, widgetUuid);

    /// <summary>Agora's widget events name a room property of the widget by its path inside the widget: <c>extra.key</c>.</summary>
    static JsonObject Prefixed(string prefix, JsonObject changes)
    {
        var prefixed = new JsonObject();
        foreach (var (key, value) in changes.ToList())
        {
            changes.Remove(key);
            prefixed[prefix + key] = value;
        }
        return prefixed;
    }
}
