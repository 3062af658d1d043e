using Microsoft.AspNetCore.WebUtilities;

namespace Gateway.Forwarding;

/// <summary>
/// The paging query of Agora's list calls: an opaque <c>nextId</c>; for a room's events a <c>cmd</c> filter, for a
/// widget's a page size (<c>count</c>).
/// </summary>
public static class PageQuery
{
    public const int MaxNextIdLength = 128;

    /// <summary>The <c>nextId</c> taken, as the document states it: no character that <see cref="char.IsControl(char)"/> names.</summary>
    public const string NextIdPattern = "^[^\\u0000-\\u001F\\u007F-\\u009F]*$";
    public const int MaxCount = 100;

    public static bool TryBuild(string? nextId, string? cmd, out string query, out IReadOnlyDictionary<string, string[]> errors) =>
        TryBuild(nextId, cmd, count: null, out query, out errors);

    public static bool TryBuild(string? nextId, string? cmd, string? count, out string query, out IReadOnlyDictionary<string, string[]> errors)
    {
        var problems = new Dictionary<string, string[]>();
        // Counted in characters (code points), as the document's maxLength counts them: a character beyond the BMP is one.
        if (nextId is not null && (nextId.EnumerateRunes().Count() > MaxNextIdLength || nextId.Any(char.IsControl)))
        {
            problems["nextId"] = [$"must be at most {MaxNextIdLength} printable characters"];
        }
        if (cmd is not null && !int.TryParse(cmd, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            problems["cmd"] = ["must be an event cmd number"];
        }
        if (count is not null && (!int.TryParse(count, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size)
            || size is < 1 or > MaxCount))
        {
            problems["count"] = [$"must be from 1 to {MaxCount}"];
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
        if (!string.IsNullOrEmpty(count))
        {
            parameters["count"] = count;
        }
        query = QueryHelpers.AddQueryString("", parameters);
        return problems.Count == 0;
    }
}
