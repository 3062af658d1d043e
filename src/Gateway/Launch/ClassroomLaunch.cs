using System.Text.Json;
using Classroom.Agora.Validation;
using Gateway.Audit;
using Gateway.Identity;
using Gateway.Problems;
using Gateway.Rooms;
using Gateway.Telemetry;
using Gateway.Tokens;
using Gateway.Upstream;

namespace Gateway.Launch;

/// <summary>
/// The join: everything a classroom client needs to launch, for the caller in one room — the room as Agora describes it
/// (from <see cref="RoomDetailsCache"/>), created first when a teacher or admin asks for it, and the room-user token
/// minted for the caller's own uid and role. A user the gateway knows to be kicked out never comes here (<see cref="KickedCallerFilter"/>).
/// </summary>
public sealed class ClassroomLaunch(
    RoomDetailsCache rooms,
    AgoraServiceCalls agora,
    AgoraUpstream upstream,
    RoomUserTokenMinter tokens,
    IOptions<AgoraOptions> options,
    TimeProvider time)
{
    /// <summary>The class length the client is told when the room has no schedule: an hour, the tokens' default lifetime.</summary>
    public const long DefaultDurationSeconds = 3600;

    public async Task<Results<Ok<AgoraEnvelope<LaunchOptions>>, ProblemHttpResult, AgoraAnswer>> JoinAsync(
        Caller caller, HttpContext context, string roomUuid, JoinRequest request, ReadOnlyMemory<byte> body, string language,
        CancellationToken cancellationToken)
    {
        if (LaunchRole.Of(caller) is not { } role)
        {
            return GatewayProblems.Result(StatusCodes.Status403Forbidden, "Only students, teachers, assistants and admins join a classroom.");
        }
        // The ban check may have read the room already (KickedCallerFilter): its answer is this one, a call to Agora less.
        var room = (await rooms.GetOnceInRequestAsync(context, roomUuid, cancellationToken)).Answer;
        if (room.Is(StatusCodes.Status404NotFound, AgoraCodes.RoomNotFound) && request.CreatesRoom && LaunchRole.MayCreateRooms(caller))
        {
            var created = await agora.WriteAsync(context, HttpMethod.Post, upstream.AppPath("v2", "rooms", roomUuid), caller.UserId, body, cancellationToken);
            if (!created.IsSuccess)
            {
                return created;
            }
            // The room exists now: a client that leaves while it is read is recorded as having created it.
            AgoraOutcome.Record(context, created.Status, AgoraCodes.Success);
            // Reads of the room that began before it existed may still be asking Agora: the next is not to share their 404.
            await rooms.InvalidateAsync(roomUuid);
            room = (await rooms.GetAsync(roomUuid, caller.UserId, context.RequestId(), cancellationToken)).Answer;
        }
        if (room.WasTooLarge)
        {
            // A room whose properties together are longer than the gateway keeps of an answer: asked again for what the
            // launch reads, as it arrives.
            room = await agora.ReadPartAsync<JoinedRoom>(upstream.AppPath("v2", "rooms", roomUuid), caller.UserId, context.RequestId(), cancellationToken);
        }
        if (!room.IsSuccess)
        {
            return room;
        }
        if (room.Data<JoinedRoom>() is not { } details || RoomTypeOf(details) is not { } roomType)
        {
            return GatewayProblems.Result(StatusCodes.Status502BadGateway,
                "Agora's description of the classroom has no room type the classroom client knows.");
        }
        if (details.State == ClassroomDetails.Ended)
        {
            // Agora lets nobody enter an ended class: launch options would fail in the client, past the gateway.
            return GatewayProblems.Result(StatusCodes.Status409Conflict, "The class has ended: nobody may enter it.", AgoraCodes.ClassAlreadyEnded);
        }
        var token = tokens.Mint(roomUuid, caller.UserId, role);
        var schedule = ScheduleOf(details);
        var launch = new LaunchOptions(upstream.AppId, options.Value.ClientRegion, caller.UserId, caller.DisplayName, roomUuid,
            details.RoomName, roomType, role, token.Token, token.Token, schedule.StartTime, schedule.Duration ?? DefaultDurationSeconds,
            language, token.ExpiresAt);
        return TypedResults.Ok(AgoraEnvelope<LaunchOptions>.Success(launch, time.GetUtcNow()));
    }

    /// <summary>The classroom client's room types (its <c>EduRoomTypeEnum</c>); a room property may hold anything.</summary>
    public static readonly int[] ClientRoomTypes = [0, 2, 4, 6, 7, 10, 101];

    static int? RoomTypeOf(JoinedRoom details) =>
        details.RoomProperties?.RoomType is { ValueKind: JsonValueKind.Number } type && type.TryGetInt32(out var value)
            && ClientRoomTypes.Contains(value) ? value : null;

    /// <summary>
    /// The room's schedule as the client takes it: a start in Unix milliseconds, not negative, and a length the create
    /// rules allow. Room properties can be written after the room is made, so a schedule that breaks either (or is not
    /// described as Agora documents it) is no schedule the client could use, and the join gives none. Its other fields
    /// (<c>closeDelay</c>, say, written later in any shape) are not read: they say nothing of these two.
    /// </summary>
    static LaunchSchedule ScheduleOf(JoinedRoom details)
    {
        try
        {
            return details.RoomProperties?.Schedule?.Deserialize<LaunchSchedule>(AgoraJson.Answers) is { } schedule
                && schedule.StartTime is null or >= 0
                && schedule.Duration is null or (> 0 and <= RoomRules.MaxScheduleDurationSeconds)
                ? schedule
                : LaunchSchedule.None;
        }
        catch (JsonException)
        {
            return LaunchSchedule.None;
        }
    }

    /// <summary>What the join reads of a schedule: <c>startTime</c> in Unix milliseconds and <c>duration</c> in seconds.</summary>
    sealed record LaunchSchedule(long? StartTime, long? Duration)
    {
        public static readonly LaunchSchedule None = new(null, null);
    }
}
