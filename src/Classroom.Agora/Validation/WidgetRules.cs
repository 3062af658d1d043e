using Classroom.Agora.Models;

namespace Classroom.Agora.Validation;

/// <summary>Rules for a widget's room properties and its users' properties.</summary>
public static class WidgetRules
{
    public static IReadOnlyDictionary<string, string[]> Validate(this SetWidgetRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        // An empty extra sets nothing: beside a state or an owner it may be sent, alone the call changes nothing.
        errors.Require(request.Extra is { Count: > 0 } || request.State is not null || request.OwnerUserUuid is not null,
            "body", "must set a property of extra, state or ownerUserUuid");
        if (request.Extra is { } extra)
        {
            PropertyRules.CheckChanges(errors, extra, "extra");
        }
        errors.Require(request.State is null or SetWidgetRequest.Closed or SetWidgetRequest.Open, "state", "must be 0 (closed) or 1 (open)");
        errors.Require(request.OwnerUserUuid is null || AgoraIds.IsValid(request.OwnerUserUuid), "ownerUserUuid", AgoraIds.Rule);
        PropertyRules.CheckCause(errors, request.Cause);
        return errors.ToDictionary();
    }

    public static IReadOnlyDictionary<string, string[]> Validate(this SetWidgetUserRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        PropertyRules.RequireChanges(errors, request.Extra, "extra");
        PropertyRules.CheckCause(errors, request.Cause);
        return errors.ToDictionary();
    }

    public static IReadOnlyDictionary<string, string[]> Validate(this DeleteWidgetPropertiesRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        PropertyRules.RequireKeys(errors, request.Extra, "extra");
        PropertyRules.CheckCause(errors, request.Cause);
        return errors.ToDictionary();
    }

    public static IReadOnlyDictionary<string, string[]> Validate(this DeleteWidgetRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        PropertyRules.CheckCause(errors, request.Cause);
        return errors.ToDictionary();
    }
}
