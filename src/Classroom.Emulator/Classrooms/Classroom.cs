using System.Text.Json;
using System.Text.Json.Nodes;
using Classroom.Agora.Models;
using Classroom.Emulator.Events;
using Classroom.Emulator.Hosting;
using Classroom.Emulator.Properties;
using Classroom.Emulator.Recordings;
using Classroom.Emulator.Resources;
using Classroom.Emulator.Widgets;

namespace Classroom.Emulator.Classrooms;

/// <summary>One classroom's state. Only <see cref="ClassroomStore"/> touches it, always under its lock.</summary>
sealed class Classroom
{
    /// <summary>How long an ended classroom lingers before Agora destroys it.</summary>
    public static readonly TimeSpan DestroyDelay = TimeSpan.FromHours(1);

    /// <summary>A room of <paramref name="settings"/>; its properties start as <paramref name="properties"/>, the body's <c>roomProperties</c> as sent.</summary>
    public Classroom(string uuid, string appId, CreateRoomRequest settings, JsonObject? properties, DateTimeOffset createdAt, Action<AgoraEvent> appended)
    {
        Uuid = uuid;
        Name = settings.RoomName ?? uuid;
        Type = settings.RoomType ?? CreateRoomRequest.SmallClass;
        RoleConfig = settings.RoleConfig;
        CreatedAt = createdAt;
        Events = new RoomEventLog(uuid, appended);
        Properties = new ClassroomProperties(new PropertyTree(InitialProperties(properties, Type)), Events);
        Users = new RoomUsers(Events);
        Recordings = new RoomRecordings(appId, uuid, Type, Events, Properties);
        Resources = new RoomResources(Events);
        Groups = new BreakoutGroups(Properties);
        Widgets = new RoomWidgets(Properties, Users, Events);
        Users.WentOffline += Widgets.RemoveOwnedBy;
    }

    public string Uuid { get; }
    public string Name { get; }
    public int Type { get; }
    public IReadOnlyDictionary<string, RoleConfig>? RoleConfig { get; }
    public DateTimeOffset CreatedAt { get; }
    public int State { get; private set; } = ClassState.NotStarted;
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }

    public RoomEventLog Events { get; }
    public ClassroomProperties Properties { get; }
    public RoomUsers Users { get; }
    public RoomRecordings Recordings { get; }
    public RoomResources Resources { get; }
    public BreakoutGroups Groups { get; }
    public RoomWidgets Widgets { get; }

    public bool IsDestroyedAt(DateTimeOffset now) => EndedAt is { } ended && now >= ended + DestroyDelay;

    /// <summary>
    /// A class goes 0 → 1 → 2; it may end without starting, and nothing changes an ended class. A recording ends with its
    /// class: the room and its events go an hour later, so one left running would never be seen to end.
    /// </summary>
    public Outcome<NoData> ChangeState(int state, DateTimeOffset now)
    {
        if (State == ClassState.Ended)
        {
            return AgoraFailure.ClassAlreadyEnded;
        }
        if (State == ClassState.Started && state != ClassState.Ended)
        {
            return AgoraFailure.ClassAlreadyStarted;
        }
        if (state == State)
        {
            return NoData.Done;
        }
        State = state;
        if (state == ClassState.Started)
        {
            StartedAt = now;
        }
        else
        {
            EndedAt = now;
        }
        Events.Append(EventCmd.ClassState, new { state, startTime = StartedAt?.ToUnixTimeMilliseconds() });
        if (state == ClassState.Ended)
        {
            _ = Recordings.Stop(now); // 30409410 when nothing records: then nothing is to stop
        }
        return NoData.Done;
    }

    /// <summary>Nothing records an ended class.</summary>
    public Outcome<NoData> StartRecording(RecordingStateRequest request, DateTimeOffset now) =>
        State == ClassState.Ended ? AgoraFailure.ClassAlreadyEnded : Recordings.Start(request, now);

    public EntryView Describe(RoomMember user) => new(
        new RoomView(new RoomInfo(Uuid, Name, Type), new RoomStateView(State, StartedAt?.ToUnixTimeMilliseconds())),
        user.Identity);

    /// <summary>The answer of query classroom; <c>roomProperties.record</c> is always the recordings' own account.</summary>
    public ClassroomDetails Describe()
    {
        var properties = Properties.Tree.Snapshot();
        properties["record"] = Recordings.Describe();
        return new ClassroomDetails
        {
            RoomUuid = Uuid,
            RoomName = Name,
            RoleConfig = RoleConfig,
            State = State,
            StartTime = StartedAt?.ToUnixTimeMilliseconds(),
            CreateTime = CreatedAt.ToUnixTimeMilliseconds(),
            RoomProperties = JsonSerializer.SerializeToElement(properties, AgoraJson.Answers),
        };
    }

    /// <summary>The created room's properties as given (custom ones included), with its <c>roomType</c>.</summary>
    static JsonObject InitialProperties(JsonObject? given, int type)
    {
        var properties = given ?? [];
        properties["roomType"] = type;
        return properties;
    }
}

/// <summary>The answer to a user's entry, shaped like the one the client SDK receives.</summary>
sealed record EntryView(RoomView Room, UserView User);

sealed record RoomView(RoomInfo RoomInfo, RoomStateView RoomState);

sealed record RoomInfo(string RoomUuid, string RoomName, int RoomType);

sealed record RoomStateView(int State, long? StartTime);

sealed record UserView(string UserUuid, string UserName, JsonNode? Role);
