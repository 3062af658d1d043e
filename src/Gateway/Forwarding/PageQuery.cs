using Microsoft.AspNetCore.WebUtilities;

namespace Gateway.Forwarding;

/// <summary>The paging query of Agora's list calls: an opaque <c>nextId</c> and, for events, a <c>cmd</c> filter.</summary>
public static class PageQuery
{
    public const int MaxNextIdLength = 128;

    public static bool TryBuild(string? nextId, string? cmd, out string query, out IReadOnlyDictionary<string, string[]> errors)
    {
        var problems = new Dictionary<string, string[]>();
        if (nextId is { Length: > MaxNextIdLength } || nextId?.Any(char.IsControl) == true)
        {
            problems["nextId"] = [$"must be at most {MaxNextIdLength} printable characters"];
        }
        if (cmd is not null && !int.TryParse(cmd, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            problems["cmd"] = ["must be an event cmd number"];
        }
        errors = problems;
        var parameters = new Dictionary<string, string?>();
        if (!string.IsNullOrEmpty(nextId))
        {
            parameters["nextId"] = nextId;
        }
        if (!string.IsNullOrEmpty(cmd))
        {
            parameters["cmd"] = cmd;
        }
        query = QueryHelpers.AddQueryString("", parameters);
        return problems.Count == 0;
    }
}
