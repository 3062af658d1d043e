using System.Buffers;
using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Gateway.Attendance;

/// <summary>
/// Attendance as CSV, one row per user (RFC 4180 through CsvHelper: a field with a comma, a quote or a line break is
/// quoted, its quotes doubled). Names are the users' own words, so a text field a spreadsheet would run as a formula
/// (starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab, a carriage return or a NUL) is escaped with a leading
/// quote mark, and so is each cell a spreadsheet would start inside it (<see cref="CellBreaks"/>); a number is not, in any
/// column but the first, so a negative one stays a number.
/// Each stay is an ISO 8601 interval, <c>entered/left</c>, or <c>entered/..</c> while the user is still present.
/// </summary>
public static class AttendanceCsv
{
    public const string ContentType = "text/csv";

    /// <summary>
    /// What the answer begins with: UTF-8's byte order mark. Excel reads a CSV without one in the system's legacy code page,
    /// garbling every name outside ASCII (José, 王伟), and writes one itself in its own "CSV UTF-8" format.
    /// </summary>
    public const string ByteOrderMark = "\uFEFF";

    /// <summary>The first line of every answer, the fields of <see cref="UserAttendance"/> as the JSON answer names them.</summary>
    public const string HeaderRow = "userUuid,userName,role,intervals,minutesPresent,firstEntryAfterStartSeconds,kicked";

    static readonly CsvConfiguration Settings = new(CultureInfo.InvariantCulture);
    static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r\0");

    /// <summary>
    /// Where a spreadsheet that does not split at commas starts a cell inside a field: after a <c>;</c> (Excel's list
    /// separator in much of Europe, where it opens this file split at semicolons), a tab or a line break. To it a quote
    /// mark after the row's first cell is text, so the field's quoting does not hold the field together, and what
    /// follows such a character is escaped as a field's start is, a quote mark too (it would open a quoted cell).
    /// </summary>
    static readonly SearchValues<char> CellBreaks = SearchValues.Create(";\t\r\n");

    public static string Write(RoomAttendance attendance)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, Settings))
        {
            foreach (var header in HeaderRow.Split(','))
            {
                csv.WriteField(header);
            }
            csv.NextRecord();
            foreach (var user in attendance.List)
            {
                csv.WriteField(Text(user.UserUuid, startsRow: true));
                csv.WriteField(Text(user.UserName));
                csv.WriteField(Text(user.Role ?? ""));
                csv.WriteField(string.Join(' ', user.Intervals.Select(Iso8601)));
                csv.WriteField(user.MinutesPresent.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(user.FirstEntryAfterStartSeconds?.ToString(CultureInfo.InvariantCulture) ?? "");
                csv.WriteField(user.Kicked ? "true" : "false");
                csv.NextRecord();
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// The field, escaped wherever a spreadsheet would start a cell that it runs as a formula: not when it is a number as
    /// written (<c>-5</c>, <c>+1.5</c>), unless it <paramref name="startsRow"/>, where a spreadsheet splitting at semicolons
    /// reads the row's other fields on into its cell (<c>-5,1+cmd|…</c> is a formula to it).
    /// </summary>
    static string Text(string field, bool startsRow = false)
    {
        if (field.AsSpan().IndexOfAny(CellBreaks) < 0
            && (field.Length == 0 || !FormulaStarts.Contains(field[0]) || (!startsRow && IsNumber(field))))
        {
            return field;
        }
        var escaped = new StringBuilder(field.Length + 2);
        for (var i = 0; i < field.Length; i++)
        {
            var startsCell = i == 0 || CellBreaks.Contains(field[i - 1]);
            if (startsCell && (FormulaStarts.Contains(field[i]) || (i > 0 && field[i] == '"')))
            {
                escaped.Append('\'');
            }
            escaped.Append(field[i]);
        }
        return escaped.ToString();
    }

    static bool IsNumber(string field) =>
        decimal.TryParse(field, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);

    static string Iso8601(PresenceInterval stay) => $"{Instant(stay.Entered)}/{(stay.Left is { } left ? Instant(left) : "..")}";

    static string Instant(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
