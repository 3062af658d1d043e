using Classroom.Agora.Models;

namespace Classroom.Agora.Validation;

/// <summary>Agora's rules for the classroom and user bodies. Each <c>Validate</c> answers field → messages, empty when valid.</summary>
public static class RoomRules
{
    /// <summary>The longest ban a dirty kick may set: a year, far beyond any class, yet safe from clock overflow.</summary>
    public const long MaxDirtyDurationSeconds = 365L * 24 * 3600;

    public static IReadOnlyDictionary<string, string[]> Validate(this CreateRoomRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        RequireName(errors, request.RoomName, "roomName");
        errors.Require(request.RoomType is not null, "roomType", "is required");
        errors.Require(request.RoomType is null or CreateRoomRequest.OneToOne or CreateRoomRequest.LectureHall or CreateRoomRequest.SmallClass,
            "roomType", "must be 0 (one-to-one), 2 (lecture hall) or 4 (small class)");
        if (request.RoomProperties?.Schedule is { } schedule)
        {
            errors.Require(schedule.StartTime is null or >= 0, "roomProperties.schedule.startTime", "must be Unix milliseconds, not negative");
            errors.Require(schedule.Duration is null or > 0, "roomProperties.schedule.duration", "must be a positive number of seconds");
            errors.Require(schedule.CloseDelay is null or >= 0, "roomProperties.schedule.closeDelay", "must be a number of seconds, not negative");
        }
        return errors.ToDictionary();
    }

    public static IReadOnlyDictionary<string, string[]> Validate(this EnterRoomRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        errors.Require(request.UserName is null || AgoraIds.IsUnder64Bytes(request.UserName), "userName", "must be under 64 bytes");
        return errors.ToDictionary();
    }

    public static IReadOnlyDictionary<string, string[]> Validate(this KickRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        if (request.Dirty is { } dirty)
        {
            errors.Require(dirty.State is not null, "dirty.state", "is required");
            errors.Require(dirty.State is null or DirtyState.Clean or DirtyState.Dirty, "dirty.state", "must be 0 or 1");
            errors.Require(dirty.State != DirtyState.Dirty || dirty.Duration is not null, "dirty.duration", "is required when dirty.state is 1");
            errors.InRange(dirty.Duration, 0, MaxDirtyDurationSeconds, "dirty.duration");
        }
        return errors.ToDictionary();
    }

    internal static void RequireName(FieldErrors errors, string? name, string field)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(field, "is required");
        }
        else if (!AgoraIds.IsUnder64Bytes(name))
        {
            errors.Add(field, "must be under 64 bytes");
        }
    }
}
