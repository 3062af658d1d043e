using System.Text.Json.Nodes;
using Classroom.Agora.Models;
using Classroom.Emulator.Hosting;
using Microsoft.Extensions.Options;

namespace Classroom.Emulator.Classrooms;

/// <summary>
/// Every classroom of the emulated app, in memory. One lock guards all of it: the app-wide event queue must hand out
/// events of every room in one order, and the emulator's load is a test's load, so correctness wins over throughput.
/// </summary>
sealed class ClassroomStore(TimeProvider time, IOptions<EmulatorOptions> options)
{
    public const int PollBatchSize = 100;

    /// <summary>A sandbox that nobody polls must not grow without end; past this the oldest undelivered events go.</summary>
    public const int MaxUndelivered = 100_000;

    readonly Lock _gate = new();
    readonly Dictionary<string, Classroom> _rooms = new(StringComparer.Ordinal);
    readonly Queue<(Classroom Room, AgoraEvent Event)> _undelivered = new();

    public TimeProvider Time => time;

    /// <summary>
    /// Creating a room that exists changes nothing and succeeds, so a retried create is harmless. The room's properties
    /// are <paramref name="properties"/>, the body's <c>roomProperties</c> as sent.
    /// </summary>
    public Outcome<NoData> Create(string roomUuid, CreateRoomRequest settings, JsonObject? properties)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (Find(roomUuid, now) is null)
            {
                _rooms[roomUuid] = NewRoom(roomUuid, settings, properties, now);
            }
            return NoData.Done;
        }
    }

    /// <summary>Runs <paramref name="operation"/> on a live room; an unknown or destroyed room is 20404100.</summary>
    public Outcome<T> InRoom<T>(string roomUuid, Func<Classroom, DateTimeOffset, Outcome<T>> operation)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            return Find(roomUuid, now) is { } room ? operation(room, now) : AgoraFailure.RoomNotFound;
        }
    }

    /// <summary>
    /// The client SDK's entry: it creates the room when needed; nobody enters an ended class. The user's role is
    /// <paramref name="role"/>, the body's <c>role</c> as sent.
    /// </summary>
    public Outcome<EntryView> Enter(string roomUuid, string userUuid, EnterRoomRequest request, JsonNode? role)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (Find(roomUuid, now) is not { } room)
            {
                _rooms[roomUuid] = room = NewRoom(roomUuid, new CreateRoomRequest(), properties: null, now);
            }
            if (room.State == ClassState.Ended)
            {
                return AgoraFailure.ClassAlreadyEnded;
            }
            var entered = room.Users.Enter(userUuid, request, role, now);
            return entered.Map(room.Describe);
        }
    }

    /// <summary>
    /// The app-wide queue: each event of a live room is handed out once, in the order it joined the queue. Looking every
    /// room up first destroys the rooms whose hour has passed and moves recordings on (overdue, retried, given up), so a
    /// room's own events come in order; a timed step joins when its room is looked up, after other rooms' events of the meantime.
    /// </summary>
    public IReadOnlyList<AgoraEvent> Poll()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            foreach (var roomUuid in _rooms.Keys.ToList())
            {
                Find(roomUuid, now);
            }
            var batch = new List<AgoraEvent>();
            while (batch.Count < PollBatchSize && _undelivered.TryDequeue(out var next))
            {
                if (!next.Room.IsDestroyedAt(now))
                {
                    batch.Add(next.Event);
                }
            }
            return batch;
        }
    }

    Classroom NewRoom(string roomUuid, CreateRoomRequest settings, JsonObject? properties, DateTimeOffset now)
    {
        Classroom? room = null;
        room = new Classroom(roomUuid, options.Value.AppId, settings, properties, now, appended => Enqueue(room!, appended));
        return room;
    }

    void Enqueue(Classroom room, AgoraEvent appended)
    {
        _undelivered.Enqueue((room, appended));
        if (_undelivered.Count > MaxUndelivered)
        {
            _undelivered.Dequeue();
        }
    }

    Classroom? Find(string roomUuid, DateTimeOffset now)
    {
        if (!_rooms.TryGetValue(roomUuid, out var room))
        {
            return null;
        }
        if (room.IsDestroyedAt(now))
        {
            _rooms.Remove(roomUuid);
            return null;
        }
        room.Recordings.Advance(now);
        return room;
    }
}
