using Classroom.Agora.Models;

namespace Classroom.Agora.Validation;

/// <summary>Agora's rules for the classroom and user bodies. Each <c>Validate</c> answers field → messages, empty when valid.</summary>
public static class RoomRules
{
    /// <summary>The longest ban a dirty kick may set: a year, far beyond any class, yet safe from clock overflow.</summary>
    public const long MaxDirtyDurationSeconds = 365L * 24 * 3600;

    /// <summary>Agora's longest class: one day.</summary>
    public const long MaxScheduleDurationSeconds = 86_400;

    /// <summary>
    /// What <see cref="RequireName"/> takes besides its bound in bytes, as a JSON Schema pattern: a character somewhere that
    /// is not white space, so neither an empty name nor a blank one.
    /// </summary>
    public const string NamePattern = "[^" + WhiteSpace.Characters + "]";

    /// <summary>The role numbers a <c>roleConfig</c> may name: teacher 1, student 2, assistant 3, observer 4.</summary>
    public static IReadOnlyList<string> ConfigurableRoles { get; } = ["1", "2", "3", "4"];

    public static IReadOnlyDictionary<string, string[]> Validate(this CreateRoomRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        RequireName(errors, request.RoomName, "roomName");
        errors.Require(request.RoomType is not null, "roomType", "is required");
        errors.Require(request.RoomType is not { } type || CreateRoomRequest.IsRoomType(type), "roomType",
            "must be 0 (one-to-one), 2 (lecture hall), 4 (small class) or 10 (cloud class)");
        errors.Require(request.RoomType != CreateRoomRequest.CloudClass || request.RoleConfig is { Count: > 0 }, "roleConfig", "is required for room type 10");
        if (request.RoleConfig is { } roles)
        {
            ValidateRoles(roles, errors);
        }
        if (request.RoomProperties is { } properties)
        {
            ValidateProperties(properties, errors);
        }
        return errors.ToDictionary();
    }

    static void ValidateRoles(IReadOnlyDictionary<string, RoleConfig> roles, FieldErrors errors)
    {
        foreach (var (role, config) in roles)
        {
            var field = $"roleConfig.{role}";
            errors.Require(ConfigurableRoles.Contains(role), field, "must be a role number: 1, 2, 3 or 4");
            if (config is null)
            {
                errors.Add(field, "must be an object");
                continue;
            }
            errors.Require(config.Limit is null or >= 0, $"{field}.limit", "must be a number of users, not negative");
            if (config.DefaultStream is { } stream)
            {
                RequireSwitch(errors, stream.State, $"{field}.defaultStream.state");
                RequireSwitch(errors, stream.VideoState, $"{field}.defaultStream.videoState");
                RequireSwitch(errors, stream.AudioState, $"{field}.defaultStream.audioState");
            }
        }
    }

    static void ValidateProperties(RoomProperties properties, FieldErrors errors)
    {
        if (properties.Schedule is { } schedule)
        {
            errors.Require(schedule.StartTime is null or >= 0, "roomProperties.schedule.startTime", "must be Unix milliseconds, not negative");
            errors.Require(schedule.Duration is null or (> 0 and <= MaxScheduleDurationSeconds), "roomProperties.schedule.duration",
                $"must be a positive number of seconds, at most {MaxScheduleDurationSeconds}");
            errors.Require(schedule.CloseDelay is null or >= 0, "roomProperties.schedule.closeDelay", "must be a number of seconds, not negative");
        }
        if (properties.Processes?.HandsUp is { } handsUp)
        {
            errors.Require(handsUp.MaxAccept is null or >= 0, "roomProperties.processes.handsUp.maxAccept", "must be a number of users, not negative");
        }
        foreach (var (widget, setting) in properties.Widgets ?? new Dictionary<string, InitialWidget>())
        {
            errors.Require(AgoraIds.IsValid(widget), $"roomProperties.widgets.{widget}", AgoraIds.Rule);
            RequireSwitch(errors, setting?.State, $"roomProperties.widgets.{widget}.state");
        }
    }

    static void RequireSwitch(FieldErrors errors, int? state, string field) =>
        errors.Require(state is null or 0 or 1, field, "must be 0 or 1");

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
