using Classroom.Agora.Models;

namespace Classroom.Agora.Validation;

/// <summary>Rules for opening breakout groups: named ids, and nobody in two groups.</summary>
public static class GroupRules
{
    public const int MaxGroups = 100;

    public static IReadOnlyDictionary<string, string[]> Validate(this BreakoutGroupsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        if (request.Groups is not { Count: > 0 } groups)
        {
            errors.Add("groups", "must list at least one group");
            return errors.ToDictionary();
        }
        errors.Require(groups.Count <= MaxGroups, "groups", $"must list at most {MaxGroups} groups");
        var groupUuids = new HashSet<string>(StringComparer.Ordinal);
        // Each user named so far, with the group that named them first.
        var userUuids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < groups.Count; i++)
        {
            var group = groups[i];
            var field = $"groups[{i}]";
            if (group is null)
            {
                errors.Add(field, "must be a group");
                continue;
            }
            if (group.GroupUuid is not null)
            {
                errors.Require(AgoraIds.IsValid(group.GroupUuid), $"{field}.groupUuid", AgoraIds.Rule);
                errors.Require(groupUuids.Add(group.GroupUuid), $"{field}.groupUuid", "names another group too");
            }
            errors.Require(group.GroupName is null || AgoraIds.IsUnder64Bytes(group.GroupName), $"{field}.groupName", "must be under 64 bytes");
            CheckUsers(errors, group.Users, field, i, userUuids);
        }
        return errors.ToDictionary();
    }

    static void CheckUsers(FieldErrors errors, IReadOnlyList<BreakoutGroupUser>? users, string field, int group, Dictionary<string, int> seen)
    {
        if (users is null)
        {
            errors.Add($"{field}.users", "is required");
            return;
        }
        for (var j = 0; j < users.Count; j++)
        {
            var userUuid = users[j]?.UserUuid;
            var userField = $"{field}.users[{j}].userUuid";
            if (!AgoraIds.IsValid(userUuid))
            {
                errors.Add(userField, AgoraIds.Rule);
            }
            else if (!seen.TryAdd(userUuid, group))
            {
                errors.Add(userField, seen[userUuid] == group ? "is listed twice in its group" : "is in another group too");
            }
        }
    }
}
