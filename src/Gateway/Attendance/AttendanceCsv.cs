using System.Buffers;
using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Gateway.Attendance;

/// <summary>
/// Attendance as CSV, one row per user (RFC 4180 through CsvHelper: a field with a comma, a quote or a line break is
/// quoted, its quotes doubled). Names are the users' own words, so a text field a spreadsheet would run as a formula
/// (starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return) is escaped with a leading quote
/// mark; a number is not, in any column, so a negative one stays a number.
/// Each stay is an ISO 8601 interval, <c>entered/left</c>, or <c>entered/..</c> while the user is still present.
/// </summary>
public static class AttendanceCsv
{
    public const string ContentType = "text/csv";

    /// <summary>The first line of every answer, the fields of <see cref="UserAttendance"/> as the JSON answer names them.</summary>
    public const string HeaderRow = "userUuid,userName,role,intervals,minutesPresent,firstEntryAfterStartSeconds,kicked";

    static readonly CsvConfiguration Settings = new(CultureInfo.InvariantCulture);
    static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");

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
                csv.WriteField(Text(user.UserUuid));
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

    /// <summary>The field, escaped when a spreadsheet would run it as a formula: not when it is a number as written (<c>-5</c>, <c>+1.5</c>).</summary>
    static string Text(string field) =>
        field.Length > 0 && FormulaStarts.Contains(field[0])
        && !decimal.TryParse(field, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _)
            ? "'" + field
            : field;

    static string Iso8601(PresenceInterval stay) => $"{Instant(stay.Entered)}/{(stay.Left is { } left ? Instant(left) : "..")}";

    static string Instant(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
