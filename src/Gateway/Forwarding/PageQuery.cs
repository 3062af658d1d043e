using Classroom.Agora.Validation;
using Microsoft.AspNetCore.WebUtilities;

namespace Gateway.Forwarding;

/// <summary>
/// The paging query of Agora's list calls: a <c>nextId</c>, the recordings' an opaque record id and the events' a
/// sequence number; for a room's events a <c>cmd</c> filter, for a widget's a page size (<c>count</c>). A number is
/// written as Agora writes it (<see cref="DecimalText"/>): <c>cmd=007</c> is refused, not sent on as Agora may read it.
/// </summary>
public static class PageQuery
{
    public const int MaxNextIdLength = 128;

    /// <summary>The <c>nextId</c> taken, as the document states it: no character that <see cref="char.IsControl(char)"/> names.</summary>
    public const string NextIdPattern = "^[^\\u0000-\\u001F\\u007F-\\u009F]*$";
    public const int MaxCount = 100;

    /// <summary>A page of recordings: <c>nextId</c> is the text the last page's answer gave, a record id Agora writes as a string.</summary>
    public static bool TryBuildRecords(string? nextId, out string query, out IReadOnlyDictionary<string, string[]> errors) =>
        TryBuild(nextId, isSequence: false, cmd: null, count: null, out query, out errors);

    /// <summary>
    /// A page of a room's or a widget's events: <c>nextId</c> is the sequence number the last page's answer gave, which Agora
    /// writes as a JSON number, so text that is no such number is refused rather than sent on.
    /// </summary>
    public static bool TryBuildEvents(string? nextId, string? cmd, string? count, out string query, out IReadOnlyDictionary<string, string[]> errors) =>
        TryBuild(nextId, isSequence: true, cmd, count, out query, out errors);

    static bool TryBuild(string? nextId, bool isSequence, string? cmd, string? count, out string query, out IReadOnlyDictionary<string, string[]> errors)
    {
        var problems = new Dictionary<string, string[]>();
        if (isSequence && nextId is not null && !DecimalText.TryParse(nextId, out _))
        {
            problems["nextId"] = ["must be the sequence number a page's nextId gave: decimal digits, no leading zero"];
        }
        // Counted in characters (code points), as the document's maxLength counts them: a character beyond the BMP is one.
        else if (nextId is not null && (nextId.EnumerateRunes().Count() > MaxNextIdLength || nextId.Any(char.IsControl)))
        {
            problems["nextId"] = [$"must be at most {MaxNextIdLength} printable characters"];
        }
        if (cmd is not null && !DecimalText.TryParse(cmd, out _))
        {
            problems["cmd"] = ["must be an event cmd number: decimal digits, no leading zero"];
        }
        if (count is not null && (!DecimalText.TryParse(count, out var size) || size is < 1 or > MaxCount))
        {
            problems["count"] = [$"must be from 1 to {MaxCount}, without a leading zero"];
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
