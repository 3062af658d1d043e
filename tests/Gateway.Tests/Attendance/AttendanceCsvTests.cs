using System.Globalization;
using CsvHelper;
using Gateway.Attendance;

namespace Gateway.Tests.Attendance;

/// <summary>The CSV answer: one row per user that a spreadsheet reads back as written, and never runs as a formula.</summary>
public sealed class AttendanceCsvTests
{
    static readonly DateTimeOffset Start = new(2026, 11, 25, 16, 0, 0, TimeSpan.Zero);

    static List<string[]> Rows(string csv)
    {
        using var reader = new CsvReader(new StringReader(csv), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(reader.Parser.Record!);
        }
        return rows;
    }

    [Fact]
    public void ANameWithACommaAQuoteOrALineBreakSurvivesAsOneField()
    {
        const string name = "O'Brien, \"Sam\"\nthe second";
        var events = new RoomEvents("room-1", Start).ClassStarted()
            .Entered("student-7", name, 2, TimeSpan.FromMinutes(-1))
            .Left("student-7", name, 2, TimeSpan.FromMinutes(9));

        var csv = AttendanceCsv.Write(AttendanceSheet.Of("room-1", events.Events, Start.AddHours(1)));

        var rows = Rows(csv);
        Assert.StartsWith("userUuid,userName,role,intervals,minutesPresent,firstEntryAfterStartSeconds,kicked\r\n", csv, StringComparison.Ordinal);
        Assert.Equal(["userUuid", "userName", "role", "intervals", "minutesPresent", "firstEntryAfterStartSeconds", "kicked"], rows[0]);
        Assert.Equal(["student-7", name, "2", "2026-11-25T15:59:00.000Z/2026-11-25T16:09:00.000Z", "10", "-60", "false"], rows[1]);
        Assert.Equal(2, rows.Count);
        Assert.Contains("\"O'Brien, \"\"Sam\"\"\nthe second\"", csv, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"https://evil.example\",\"open\")")]
    [InlineData("+1+cmd|' /C calc'!A0")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1:A9)")]
    [InlineData("\tTabbed")]
    [InlineData("\rReturned")]
    [InlineData("\0=1+1")]
    public void ANameASpreadsheetWouldRunAsAFormulaIsEscapedAndANegativeNumberIsNot(string name)
    {
        var events = new RoomEvents("room-1", Start).ClassStarted().Entered("student-7", name, "=1+1", TimeSpan.FromMinutes(-2));

        var row = Rows(AttendanceCsv.Write(AttendanceSheet.Of("room-1", events.Events, Start.AddMinutes(3))))[1];

        Assert.Equal("'" + name, row[1]);
        Assert.Equal("'=1+1", row[2]);
        Assert.Equal("2026-11-25T15:58:00.000Z/..", row[3]);
        Assert.Equal("-120", row[5]);
    }

    /// <summary>
    /// A name that is a number as written, signed or with decimals, is no formula, and a spreadsheet reads it back as the
    /// number it is: it is written as it is, where one that only starts like a number is escaped.
    /// </summary>
    [Theory]
    [InlineData("-5", "-5")]
    [InlineData("+12", "+12")]
    [InlineData("-1.5", "-1.5")]
    [InlineData("-5+cmd|' /C calc'!A0", "'-5+cmd|' /C calc'!A0")]
    [InlineData("-1e5", "'-1e5")]
    [InlineData("- 5", "'- 5")]
    public void ANameThatIsANumberIsWrittenAsTheNumber(string name, string written)
    {
        var events = new RoomEvents("room-1", Start).ClassStarted().Entered("student-7", name, 2, TimeSpan.FromMinutes(1));

        var row = Rows(AttendanceCsv.Write(AttendanceSheet.Of("room-1", events.Events, Start.AddMinutes(3))))[1];

        Assert.Equal(written, row[1]);
    }

    /// <summary>
    /// Excel opens a CSV split at its list separator, a semicolon in much of Europe, and other spreadsheets may split at
    /// tabs or take a line break inside a field for a row's end: to them a quote mark after a row's first cell is text,
    /// so the field's quoting holds nothing together and a cell starts after each such character, and a row's first cell
    /// runs on past its commas. Nowhere such a cell starts does it start as a formula (OWASP's CSV injection guidance:
    /// mind the separators as well as the field's first character).
    /// </summary>
    [Theory]
    [InlineData("student-7", "Sam;=cmd|' /C calc'!A0;", "student-7", "Sam;'=cmd|' /C calc'!A0;")]
    [InlineData("student-7", "Lee\n@SUM(A1:A9)", "student-7", "Lee\n'@SUM(A1:A9)")]
    [InlineData("student-7", "Kim\t+1+1\t", "student-7", "Kim\t'+1+1\t")]
    [InlineData("student-7", "Ann;\"=1+1", "student-7", "Ann;'\"=1+1")]
    [InlineData("u;-2+3;", "Sam", "u;'-2+3;", "Sam")]
    [InlineData("-5", "1+cmd|' /C calc'!A0", "'-5", "1+cmd|' /C calc'!A0")]
    public void NoCellASpreadsheetStartsInsideAFieldStartsAsAFormula(string userUuid, string name, string writtenId, string writtenName)
    {
        var events = new RoomEvents("room-1", Start).ClassStarted().Entered(userUuid, name, 2, TimeSpan.FromMinutes(1));

        var csv = AttendanceCsv.Write(AttendanceSheet.Of("room-1", events.Events, Start.AddMinutes(3)));

        Assert.All(csv.Split([';', '\t', '\r', '\n']), cell => Assert.False(cell.TrimStart('"') is [ '=' or '+' or '-' or '@' or '\0', ..], cell));
        Assert.Equal([writtenId, writtenName], Rows(csv)[1][..2]);
    }

    /// <summary>A role Agora wrote as a number is one in the sheet too, a negative one (-1, no role) included.</summary>
    [Fact]
    public void ARoleAgoraWroteAsANegativeNumberIsWrittenAsTheNumber()
    {
        var events = new RoomEvents("room-1", Start).ClassStarted().Entered("student-7", "Sam", -1, TimeSpan.FromMinutes(1));

        var row = Rows(AttendanceCsv.Write(AttendanceSheet.Of("room-1", events.Events, Start.AddMinutes(3))))[1];

        Assert.Equal("-1", row[2]);
    }
}
