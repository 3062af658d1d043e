using Classroom.Agora.Models;
using Classroom.Emulator.Events;
using Classroom.Emulator.Hosting;
using Classroom.Emulator.Recordings;
using Classroom.Emulator.Resources;

namespace Classroom.Emulator.Classrooms;

/// <summary>One classroom's state. Only <see cref="ClassroomStore"/> touches it, always under its lock.</summary>
sealed class Classroom
{
    /// <summary>How long an ended classroom lingers before Agora destroys it.</summary>
    public static readonly TimeSpan DestroyDelay = TimeSpan.FromHours(1);

    public Classroom(string uuid, string appId, CreateRoomRequest settings, Action<AgoraEvent> appended)
    {
        Uuid = uuid;
        Name = settings.RoomName ?? uuid;
        Type = settings.RoomType ?? CreateRoomRequest.SmallClass;
        Schedule = settings.RoomProperties?.Schedule;
        Events = new RoomEventLog(uuid, appended);
        Users = new RoomUsers(Events);
        Recordings = new RoomRecordings(appId, uuid, Events);
        Resources = new RoomResources(Events);
    }

    public string Uuid { get; }
    public string Name { get; }
    public int Type { get; }
    public RoomSchedule? Schedule { get; }
    public int State { get; private set; } = ClassState.NotStarted;
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }

    public RoomEventLog Events { get; }
    public RoomUsers Users { get; }
    public RoomRecordings Recordings { get; }
    public RoomResources Resources { get; }

    public bool IsDestroyedAt(DateTimeOffset now) => EndedAt is { } ended && now >= ended + DestroyDelay;

    /// <summary>A class goes 0 → 1 → 2; it may end without starting, and nothing changes an ended class.</summary>
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
        return NoData.Done;
    }

    public EntryView Describe(RoomUser user) => new(
        new RoomView(new RoomInfo(Uuid, Name, Type), new RoomStateView(State, StartedAt?.ToUnixTimeMilliseconds())),
        new UserView(user.UserUuid, user.UserName, user.Role));
}

/// <summary>The answer to a user's entry, shaped like the one the client SDK receives.</summary>
sealed record EntryView(RoomView Room, UserView User);

sealed record RoomView(RoomInfo RoomInfo, RoomStateView RoomState);

sealed record RoomInfo(string RoomUuid, string RoomName, int RoomType);

sealed record RoomStateView(int State, long? StartTime);

sealed record UserView(string UserUuid, string UserName, [property: System.Text.Json.Serialization.JsonConverter(typeof(NumberOrStringConverter))] string? Role);
