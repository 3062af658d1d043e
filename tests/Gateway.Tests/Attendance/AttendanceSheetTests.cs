using Classroom.Agora.Models;
using Gateway.Attendance;

namespace Gateway.Tests.Attendance;

/// <summary>Attendance computed from a room's events alone.</summary>
public sealed class AttendanceSheetTests
{
    static readonly DateTimeOffset Start = new(2026, 11, 25, 16, 0, 0, TimeSpan.Zero);

    static TimeSpan Minutes(double minutes) => TimeSpan.FromMinutes(minutes);

    [Fact]
    public void StaysMinutesLatenessAndKicksComeFromTheClassStartAndTheUsersEvents()
    {
        var events = new RoomEvents("room-1", Start)
            .Entered("teacher-1", "Ms Rivera", 1, Minutes(-2))
            .ClassStarted()
            .Entered("student-7", "Sam Lee", "2", TimeSpan.FromSeconds(250))
            .Left("student-7", "Sam Lee", "2", Minutes(20))
            .Entered("student-7", "Sam Lee", "2", Minutes(22))
            .Kicked("student-7", "Sam Lee", "2", Minutes(30));

        var sheet = AttendanceSheet.Of("room-1", events.Events, Start + Minutes(45));

        Assert.Equal(Start, sheet.ClassStartedAt);
        Assert.Equal(["teacher-1", "student-7"], sheet.List.Select(u => u.UserUuid));
        var teacher = sheet.List[0];
        Assert.Equal(("Ms Rivera", "1", 47.0, -120L, false), (teacher.UserName, teacher.Role, teacher.MinutesPresent, teacher.FirstEntryAfterStartSeconds, teacher.Kicked));
        Assert.Equal([new PresenceInterval(Start - Minutes(2), null)], teacher.Intervals);
        var student = sheet.List[1];
        Assert.Equal([new PresenceInterval(Start.AddSeconds(250), Start + Minutes(20)), new PresenceInterval(Start + Minutes(22), Start + Minutes(30))],
            student.Intervals);
        Assert.Equal(("2", 23.8, 250L, true), (student.Role, student.MinutesPresent, student.FirstEntryAfterStartSeconds, student.Kicked));
    }

    /// <summary>A class of 45 minutes: the teacher enters 2 minutes before its start, a student stays from 5 to 30.</summary>
    static RoomEvents FortyFiveMinuteClass() => new RoomEvents("room-1", Start)
        .Entered("teacher-1", "Ms Rivera", 1, Minutes(-2))
        .ClassStarted()
        .Entered("student-7", "Sam Lee", 2, Minutes(5))
        .Left("student-7", "Sam Lee", 2, Minutes(30))
        .ClassEnded(Minutes(45));

    /// <summary>The sheet of <see cref="FortyFiveMinuteClass"/>, the teacher's stay ended with the class.</summary>
    static void AssertTheFortyFiveMinuteClass(RoomAttendance sheet)
    {
        Assert.Equal(Start, sheet.ClassStartedAt);
        Assert.Equal(["teacher-1", "student-7"], sheet.List.Select(u => u.UserUuid));
        Assert.Equal([new PresenceInterval(Start - Minutes(2), Start + Minutes(45))], sheet.List[0].Intervals);
        Assert.Equal([new PresenceInterval(Start + Minutes(5), Start + Minutes(30))], sheet.List[1].Intervals);
        Assert.Equal((47.0, 25.0), (sheet.List[0].MinutesPresent, sheet.List[1].MinutesPresent));
    }

    /// <summary>
    /// Agora's class end carries no time: the stays still open end when the log took it, and the presence changes after
    /// it are not the class's.
    /// </summary>
    [Fact]
    public void StaysStillOpenWhenTheClassEndsEndWithIt()
    {
        var events = FortyFiveMinuteClass()
            .Left("teacher-1", "Ms Rivera", 1, Minutes(50))
            .Entered("late", "Late", 2, Minutes(55));

        var sheet = AttendanceSheet.Of("room-1", events.Events, Start + TimeSpan.FromDays(1));

        AssertTheFortyFiveMinuteClass(sheet);
    }

    [Fact]
    public void EventsCountInSequenceOrderWhateverOrderTheyCameIn()
    {
        var events = new RoomEvents("room-1", Start).ClassStarted()
            .Entered("student-7", "Sam Lee", 2, Minutes(1))
            .Left("student-7", "Sam Lee", 2, Minutes(11));

        var sheet = AttendanceSheet.Of("room-1", events.Events.Reverse(), Start + Minutes(60));

        Assert.Equal([new PresenceInterval(Start + Minutes(1), Start + Minutes(11))], Assert.Single(sheet.List).Intervals);
        Assert.Equal(10.0, sheet.List[0].MinutesPresent);
        Assert.False(sheet.List[0].Kicked);
    }

    /// <summary>
    /// A room id used again after its room was destroyed starts Agora's numbers at 1 again: the sheet is the latest
    /// class's, and an event the log holds twice as it was counts once.
    /// </summary>
    [Fact]
    public void ARoomIdUsedAgainGivesTheLatestClasssSheet()
    {
        var nextWeek = Start.AddDays(7);
        var first = new RoomEvents("room-1", Start).ClassStarted()
            .Entered("alice", "Alice", 2, Minutes(1)).Left("alice", "Alice", 2, Minutes(40));
        var second = new RoomEvents("room-1", nextWeek).ClassStarted()
            .Entered("bob", "Bob", 2, Minutes(3));

        var sheet = AttendanceSheet.Of("room-1", [.. first.Events, .. second.Events, second.Events[1]], nextWeek + Minutes(13));

        Assert.Equal(nextWeek, sheet.ClassStartedAt);
        var bob = Assert.Single(sheet.List);
        Assert.Equal(("bob", 10.0, 180L), (bob.UserUuid, bob.MinutesPresent, bob.FirstEntryAfterStartSeconds));
    }

    /// <summary>
    /// A room id used again while the log holds only the end of its earlier class, its first events dropped by the
    /// log's bound: the new class's first numbers meet none seen, or meet one only after the new class's first events.
    /// The sheet is still the new class's alone, whether or not the log took the earlier class's end.
    /// </summary>
    [Theory]
    [InlineData(true, 3)]
    [InlineData(true, 1)]
    [InlineData(false, 3)]
    [InlineData(false, 1)]
    public void ARoomIdUsedAgainWhileTheLogHoldsOnlyTheEndOfTheEarlierClassGivesTheLatestClasssSheet(bool endLogged, int laterEntries)
    {
        var nextDay = Start.AddDays(1);
        var first = new RoomEvents("room-1", Start).ClassStarted()
            .Entered("alice", "Alice", 2, Minutes(1))
            .Entered("carol", "Carol", 2, Minutes(2))
            .Left("carol", "Carol", 2, Minutes(30))
            .Left("alice", "Alice", 2, Minutes(40))
            .ClassEnded(Minutes(45));
        var second = new RoomEvents("room-1", nextDay).ClassStarted().Entered("bob", "Bob", 2, Minutes(3));
        foreach (var minute in Enumerable.Range(4, laterEntries - 1))
        {
            second.Entered($"student-{minute}", "Student", 2, Minutes(minute));
        }
        var tail = first.Events.Skip(3).Take(endLogged ? 3 : 2);

        var sheet = AttendanceSheet.Of("room-1", [.. tail, .. second.Events], nextDay + Minutes(13));

        Assert.Equal(nextDay, sheet.ClassStartedAt);
        Assert.Equal(["bob", .. Enumerable.Range(4, laterEntries - 1).Select(minute => $"student-{minute}")], sheet.List.Select(u => u.UserUuid));
        Assert.Equal(("bob", 10.0), (sheet.List[0].UserUuid, sheet.List[0].MinutesPresent));
    }

    /// <summary>An event of the class logged after its end, out of order, within the hour: still the same class.</summary>
    [Fact]
    public void AnEventLoggedAfterTheClassEndWithinTheHourIsTheSameClasss()
    {
        var events = new RoomEvents("room-1", Start).ClassStarted()
            .Entered("student-7", "Sam Lee", 2, Minutes(1))
            .Left("student-7", "Sam Lee", 2, Minutes(11))
            .ClassEnded(Minutes(45)).Events;

        var sheet = AttendanceSheet.Of("room-1", [events[0], events[1], events[3], events[2]], Start + Minutes(60));

        Assert.Equal(Start, sheet.ClassStartedAt);
        Assert.Equal([new PresenceInterval(Start + Minutes(1), Start + Minutes(11))], Assert.Single(sheet.List).Intervals);
    }

    /// <summary>
    /// An event of the class numbered after its end and logged an hour or more after the log took the end, as a batch the
    /// poller held through an outage of the log lands: Agora numbers a room's events on, and a room id used again starts
    /// from 1, so it is the same class's, and the sheet stays that class's.
    /// </summary>
    [Fact]
    public void AnEventNumberedAfterTheClassEndLoggedAnHourOrMoreLateIsTheSameClasss()
    {
        var events = FortyFiveMinuteClass()
            .Left("teacher-1", "Ms Rivera", 1, Minutes(46)).Events;
        var late = events[^1] with { LoggedAt = Start + Minutes(45 + 61) };

        var sheet = AttendanceSheet.Of("room-1", [.. events.SkipLast(1), late], Start + TimeSpan.FromDays(1));

        AssertTheFortyFiveMinuteClass(sheet);
    }

    /// <summary>
    /// An event of the class numbered before its end, between numbers the log holds, and logged an hour or more after the
    /// end: a batch one instance held through its outage of the log lands after the events another instance polled
    /// meanwhile, the end among them. A room id used again numbers from 1, so its first event is a number the log holds
    /// or one below them all, never one missing between them: the sheet stays the ended class's.
    /// </summary>
    [Fact]
    public void AnEventNumberedBetweenTheClassesLoggedOnesAndLoggedAnHourAfterItsEndIsTheSameClasss()
    {
        var events = FortyFiveMinuteClass().Events;
        var late = events[3] with { LoggedAt = Start + Minutes(45 + 61) };

        var sheet = AttendanceSheet.Of("room-1", [events[0], events[1], events[2], events[4], late], Start + TimeSpan.FromDays(1));

        AssertTheFortyFiveMinuteClass(sheet);
    }

    /// <summary>
    /// One event may carry a user in both of its lists: entered and left between two of Agora's events, or left and
    /// entered again. The changes count in the order of their times, whichever list holds them, a leave first at one time.
    /// </summary>
    [Fact]
    public void ChangesOfOneEventCountInTheOrderOfTheirTimes()
    {
        static object Change(string userUuid, int type, TimeSpan sinceStart) =>
            new { userUuid, userName = userUuid, role = 2, type, updateTime = (Start + sinceStart).ToUnixTimeMilliseconds() };
        var events = new RoomEvents("room-1", Start).ClassStarted()
            .Add(EventCmd.UsersChanged, new { total = 0, onlineUsers = new[] { Change("brief", 1, Minutes(5)) }, offlineUsers = new[] { Change("brief", 1, Minutes(15)) } })
            .Entered("back", "back", 2, Minutes(1))
            .Add(EventCmd.UsersChanged, new { total = 1, onlineUsers = new[] { Change("back", 1, Minutes(20)) }, offlineUsers = new[] { Change("back", 1, Minutes(20)) } });

        var sheet = AttendanceSheet.Of("room-1", events.Events, Start + Minutes(60));

        Assert.Equal([new PresenceInterval(Start + Minutes(5), Start + Minutes(15))], Assert.Single(sheet.List, u => u.UserUuid == "brief").Intervals);
        Assert.Equal([new PresenceInterval(Start + Minutes(1), Start + Minutes(20)), new PresenceInterval(Start + Minutes(20), null)],
            Assert.Single(sheet.List, u => u.UserUuid == "back").Intervals);
    }

    [Fact]
    public void ARepeatedEntryIsNotASecondStayAndALeaveWithoutAnEntryOpensNone()
    {
        var events = new RoomEvents("room-1", Start).ClassStarted()
            .Kicked("ghost", "Ghost", 2, Minutes(1))
            .Entered("student-7", "Sam Lee", 2, Minutes(2))
            .Entered("student-7", "Sam Lee", 2, Minutes(5))
            .Left("student-7", "Sam Lee", 2, Minutes(12));

        var sheet = AttendanceSheet.Of("room-1", events.Events, Start + Minutes(60));

        var student = Assert.Single(sheet.List, u => u.UserUuid == "student-7");
        Assert.Equal([new PresenceInterval(Start + Minutes(2), Start + Minutes(12))], student.Intervals);
        var ghost = Assert.Single(sheet.List, u => u.UserUuid == "ghost");
        Assert.Equal((0.0, (long?)null, true), (ghost.MinutesPresent, ghost.FirstEntryAfterStartSeconds, ghost.Kicked));
        Assert.Empty(ghost.Intervals);
    }

    /// <summary>Minutes present are rounded to a tenth as a reader rounds them: a half up, 21 s (0.35) too, and no stay at all is 0.</summary>
    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(15, 0.3)]
    [InlineData(21, 0.4)]
    [InlineData(45, 0.8)]
    [InlineData(59.5, 1.0)]
    public void MinutesPresentAreRoundedToATenthAHalfUp(double seconds, double minutes)
    {
        var events = new RoomEvents("room-1", Start).ClassStarted()
            .Entered("student-7", "Sam Lee", 2, Minutes(1))
            .Left("student-7", "Sam Lee", 2, Minutes(1) + TimeSpan.FromSeconds(seconds));

        var student = Assert.Single(AttendanceSheet.Of("room-1", events.Events, Start + Minutes(45)).List);

        Assert.Equal(minutes, student.MinutesPresent);
    }

    [Fact]
    public void WithoutAClassStartInTheLogLatenessIsUnknown()
    {
        var events = new RoomEvents("room-1", Start).Entered("student-7", "Sam Lee", 2, Minutes(3));

        var sheet = AttendanceSheet.Of("room-1", events.Events, Start + Minutes(13));

        Assert.Null(sheet.ClassStartedAt);
        Assert.Null(Assert.Single(sheet.List).FirstEntryAfterStartSeconds);
        Assert.Equal(10.0, sheet.List[0].MinutesPresent);
    }

    [Fact]
    public void OtherRoomsOtherCmdsAndChangesThatCannotBePlacedArePassedOver()
    {
        var events = new RoomEvents("room-1", Start).ClassStarted()
            .Add(EventCmd.UsersChanged, new { onlineUsers = new object[] { new { userUuid = "no-time", userName = "No time", type = 1 } } })
            .Add(EventCmd.UsersChanged, new { onlineUsers = "not a list" })
            .Add(3, new { message = "hello" })
            .Entered("student-7", "Sam Lee", 2, Minutes(4));
        var elsewhere = new RoomEvents("room-2", Start).Entered("stranger", "Stranger", 2, Minutes(1));

        var sheet = AttendanceSheet.Of("room-1", [.. events.Events, .. elsewhere.Events], Start + Minutes(14));

        Assert.Equal("student-7", Assert.Single(sheet.List).UserUuid);
        Assert.Equal(240, sheet.List[0].FirstEntryAfterStartSeconds);
    }

    [Fact]
    public void TheNameAndRoleAreTheLastAgoraReported()
    {
        var events = new RoomEvents("room-1", Start)
            .Entered("assistant-1", "A. Chen", 3, Minutes(0))
            .Left("assistant-1", "Alex Chen", "assistant", Minutes(5));

        var whileIn = Assert.Single(AttendanceSheet.Of("room-1", events.Events.Take(1), Start + Minutes(9)).List);
        var after = Assert.Single(AttendanceSheet.Of("room-1", events.Events, Start + Minutes(9)).List);

        Assert.Equal(("A. Chen", "3"), (whileIn.UserName, whileIn.Role));
        Assert.Equal(("Alex Chen", "assistant"), (after.UserName, after.Role));
    }

    /// <summary>An empty name is a name Agora reported; only one never reported is answered as the user's id.</summary>
    [Fact]
    public void AnEmptyNameAgoraReportedIsTheUsersName()
    {
        var events = new RoomEvents("room-1", Start)
            .Entered("student-1", "Sam", 2, Minutes(0))
            .Left("student-1", "", 2, Minutes(5));

        Assert.Equal("", Assert.Single(AttendanceSheet.Of("room-1", events.Events, Start + Minutes(9)).List).UserName);
    }
}
