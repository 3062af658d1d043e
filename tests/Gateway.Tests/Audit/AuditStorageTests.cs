using Gateway.Audit;
using Gateway.Events;
using Gateway.Redis;
using Gateway.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Gateway.Tests.Audit;

/// <summary>Both trails keep entries for <c>Audit:RetentionDays</c> and no longer; the one in process also only so many.</summary>
public sealed class AuditStorageTests
{
    static AuditEntry Entry(DateTimeOffset time, string action = "SetClassState") => new(time, "teacher-1", ["teacher"], action, "maths", null, 200, 0, "r");

    static readonly IOptions<AuditOptions> OneDay = Options.Create(new AuditOptions { RetentionDays = 1 });

    [Fact]
    public async Task TheRedisTrailDropsEntriesOlderThanTheRetentionOnEveryAppend()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await TestRedisConnection.ConnectedAsync(redis.Configuration);
        var trail = new RedisAuditTrail(connection, TestRedisConnection.Appends(connection), SandboxKeys.Agora, OneDay, NullLogger<RedisAuditTrail>.Instance, TimeProvider.System);
        var database = (await connection.GetAsync())!.GetDatabase();
        var twoDaysAgo = DateTimeOffset.UtcNow.AddDays(-2).ToUnixTimeMilliseconds();
        await database.StreamAddAsync(SandboxKeys.AuditLog, "entry", "{}", $"{twoDaysAgo}-0");
        await database.StreamAddAsync(SandboxKeys.AuditLog, "entry", "{}", $"{twoDaysAgo + 1}-0");

        await trail.AppendAsync([Entry(DateTimeOffset.UtcNow)], Json.Cancel);
        var page = await trail.ReadAsync(EventCursor.Start, 10, new AuditFilter(null, null), Json.Cancel);

        Assert.Equal(1, await database.StreamLengthAsync(SandboxKeys.AuditLog));
        Assert.Equal("SetClassState", Assert.Single(page.Entries).Entry.Action);
    }

    /// <summary>
    /// A trail no append reaches (a quiet gateway over a holiday) answers no entry older than the retention either: each
    /// read starts at its cut-off.
    /// </summary>
    [Fact]
    public async Task TheRedisTrailAnswersNoEntryOlderThanTheRetentionWithoutAnAppendSince()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await TestRedisConnection.ConnectedAsync(redis.Configuration);
        var trail = new RedisAuditTrail(connection, TestRedisConnection.Appends(connection), SandboxKeys.Agora, OneDay, NullLogger<RedisAuditTrail>.Instance, TimeProvider.System);
        var database = (await connection.GetAsync())!.GetDatabase();
        var twoDaysAgo = DateTimeOffset.UtcNow.AddDays(-2);
        var hourAgo = DateTimeOffset.UtcNow.AddHours(-1);
        // As the trail stored them (a stream id is its append's time), with no append since.
        await database.StreamAddAsync(SandboxKeys.AuditLog, "entry", System.Text.Json.JsonSerializer.Serialize(Entry(twoDaysAgo, "Old")),
            $"{twoDaysAgo.ToUnixTimeMilliseconds()}-0");
        await database.StreamAddAsync(SandboxKeys.AuditLog, "entry", System.Text.Json.JsonSerializer.Serialize(Entry(hourAgo, "Kept")),
            $"{hourAgo.ToUnixTimeMilliseconds()}-0");

        var page = await trail.ReadAsync(EventCursor.Start, 10, new AuditFilter(null, null), Json.Cancel);

        Assert.Equal("Kept", Assert.Single(page.Entries).Entry.Action);
    }

    /// <summary>
    /// A batch the writer sends again — its attempt timed out but ran, as when a hung Redis resumes and runs every attempt
    /// it held — is stored once.
    /// </summary>
    [Fact]
    public async Task TheRedisTrailStoresABatchSentTwiceOnce()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await TestRedisConnection.ConnectedAsync(redis.Configuration);
        var trail = new RedisAuditTrail(connection, TestRedisConnection.Appends(connection), SandboxKeys.Agora, OneDay, NullLogger<RedisAuditTrail>.Instance, TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        AuditEntry[] batch = [Entry(now, "SetClassState"), Entry(now, "KickUser")];

        await trail.AppendAsync(batch, Json.Cancel);
        await trail.AppendAsync(batch, Json.Cancel);
        await trail.AppendAsync([Entry(now.AddMilliseconds(1), "SetClassState")], Json.Cancel);
        var page = await trail.ReadAsync(EventCursor.Start, 10, new AuditFilter(null, null), Json.Cancel);

        Assert.Equal(["SetClassState", "KickUser", "SetClassState"], page.Entries.Select(e => e.Entry.Action));
        // The last position a stream id can name has nothing after it, not the trail from its start.
        Assert.Empty((await trail.ReadAsync(new EventCursor(ulong.MaxValue, ulong.MaxValue), 10, new AuditFilter(null, null), Json.Cancel)).Entries);
    }

    /// <summary>
    /// With <c>Audit:ReplicasToAcknowledge</c>, an append whose primary is lost before a replica holds it fails, so the
    /// writer keeps its entries; made again once the replica is promoted, they are stored there, once.
    /// </summary>
    [Fact]
    public async Task AnAppendNoReplicaHeldWhenItsPrimaryWasLostFailsAndIsStoredOnceOnThePromotedReplica()
    {
        await using var primary = await RedisServer.StartAsync();
        await using var replica = await primary.StartReplicaAsync();
        // WAIT is given half the command timeout: long enough that the primary is killed while the append still waits for
        // the frozen replica, on a loaded machine too. The roles are checked every second, so that the replica's promotion
        // is seen well within the test's minute.
        await using var connection = await TestRedisConnection.ConnectedAsync($"{primary.Configuration},{replica.Configuration},configCheckSeconds=1",
            commandTimeoutMilliseconds: 30_000);
        var trail = new RedisAuditTrail(connection, TestRedisConnection.Appends(connection), SandboxKeys.Agora, Options.Create(new AuditOptions { RetentionDays = 1, ReplicasToAcknowledge = 1 }),
            NullLogger<RedisAuditTrail>.Instance, TimeProvider.System);
        AuditEntry[] batch = [Entry(DateTimeOffset.UtcNow, "KickUser")];

        replica.Freeze();
        var appending = trail.AppendAsync(batch, Json.Cancel);
        await Poll.Until(() => primary.CliAsync("xlen", AuditLog), length => length.Trim() == "1");
        primary.Kill();
        await Assert.ThrowsAsync<AuditTrailUnavailableException>(() => appending);
        replica.Thaw();
        await replica.CliAsync("replicaof", "no", "one");
        var storedAgain = await Poll.Until(async () =>
        {
            try
            {
                await trail.AppendAsync(batch, Json.Cancel);
                return true;
            }
            catch (AuditTrailUnavailableException)
            {
                return false;
            }
        }, stored => stored, TimeSpan.FromSeconds(60));

        Assert.True(storedAgain, "the promoted replica never took the append");
        var page = await trail.ReadAsync(EventCursor.Start, 10, new AuditFilter(null, null), Json.Cancel);
        Assert.Equal(["KickUser"], page.Entries.Select(e => e.Entry.Action));
    }

    /// <summary>
    /// An append no replica acknowledges in time while its primary lives (the one replica frozen, still connected) is
    /// said in a warning and stands on the primary: the writer counts its entries written.
    /// </summary>
    [Fact]
    public async Task AnAppendNoReplicaAcknowledgesWhileItsPrimaryLivesIsSaidAndStands()
    {
        await using var primary = await RedisServer.StartAsync();
        await using var replica = await primary.StartReplicaAsync();
        await using var connection = await TestRedisConnection.ConnectedAsync(primary.Configuration);
        var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(logs));
        var trail = new RedisAuditTrail(connection, TestRedisConnection.Appends(connection), SandboxKeys.Agora, Options.Create(new AuditOptions { RetentionDays = 1, ReplicasToAcknowledge = 1 }),
            loggers.CreateLogger<RedisAuditTrail>(), TimeProvider.System);

        replica.Freeze();
        await trail.AppendAsync([Entry(DateTimeOffset.UtcNow, "KickUser")], Json.Cancel);
        var onThePrimary = await primary.CliAsync("xlen", AuditLog);
        replica.Thaw();

        Assert.Contains(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("0 of 1 replicas", StringComparison.Ordinal));
        Assert.Equal("1", onThePrimary.Trim());
    }

    /// <summary>
    /// An append Redis took whose wait for the replicas got no answer in time (the replica lags, and the primary hangs
    /// before it answers the wait) stands: not a failed write to try again, but a warning naming the entries no replica
    /// was seen to hold.
    /// </summary>
    [Fact]
    public async Task AnAppendWhoseWaitForReplicasGetsNoAnswerInTimeStandsAndIsSaid()
    {
        await using var primary = await RedisServer.StartAsync();
        await using var replica = await primary.StartReplicaAsync();
        await using var connection = await TestRedisConnection.ConnectedAsync(primary.Configuration, commandTimeoutMilliseconds: 4000);
        var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(logs));
        var trail = new RedisAuditTrail(connection, TestRedisConnection.Appends(connection), SandboxKeys.Agora, Options.Create(new AuditOptions { RetentionDays = 1, ReplicasToAcknowledge = 1 }),
            loggers.CreateLogger<RedisAuditTrail>(), TimeProvider.System);

        replica.Freeze();
        var appending = trail.AppendAsync([Entry(DateTimeOffset.UtcNow, "KickUser"), Entry(DateTimeOffset.UtcNow, "SetClassState")], Json.Cancel);
        await Poll.Until(() => primary.CliAsync("xlen", AuditLog), length => length.Trim() == "2");
        primary.Freeze();
        var failed = await Record.ExceptionAsync(() => appending);
        primary.Thaw();
        replica.Thaw();

        Assert.Null(failed);
        var warning = Assert.Single(logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal));
        Assert.Contains("2 audit entries are not known to be held by 1 replicas", warning, StringComparison.Ordinal);
        Assert.Equal("2", (await primary.CliAsync("xlen", AuditLog)).Trim());
    }

    const string AuditLog = SandboxKeys.AuditLog;

    /// <summary>
    /// A filtered read looks at a bounded number of entries a page: a page that found none among them answers an empty
    /// list with <c>next</c> past them, and the next page goes on from there to what matches.
    /// </summary>
    [Fact]
    public async Task AFilteredPageThatFindsNothingAmongTheEntriesItLooksAtGoesOnPastThem()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await TestRedisConnection.ConnectedAsync(redis.Configuration);
        var trail = new RedisAuditTrail(connection, TestRedisConnection.Appends(connection), SandboxKeys.Agora, OneDay, NullLogger<RedisAuditTrail>.Instance, TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        await trail.AppendAsync([.. Enumerable.Range(0, RedisAuditTrail.MaxScannedPerRead).Select(i => Entry(now.AddMilliseconds(i)) with { RoomUuid = "other" })], Json.Cancel);
        await trail.AppendAsync([Entry(now.AddSeconds(20)) with { RoomUuid = "maths" }], Json.Cancel);
        var filter = new AuditFilter("maths", null);

        var first = await trail.ReadAsync(EventCursor.Start, 10, filter, Json.Cancel);
        var second = await trail.ReadAsync(first.Next, 10, filter, Json.Cancel);

        Assert.Empty(first.Entries);
        Assert.NotEqual(EventCursor.Start, first.Next);
        Assert.Equal("maths", Assert.Single(second.Entries).Entry.RoomUuid);
    }

    /// <summary>
    /// A read from a cursor whose following entries the retention trimmed started at the oldest entry kept and could not
    /// tell the reader it had missed any. It says so exactly: for every cursor of the trail, from the one the page starts
    /// after and those before it, but not from the one just before the oldest kept, whose next entry is the page's first,
    /// nor from a cursor the trail still holds, nor from the trail's start, for every entry's read and a room's alike. On
    /// Redis the oldest entries are gone (trimmed as an append trims them) and the next ones still held, passed over by the
    /// read for their age.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AReadFromACursorWhoseNextEntriesWereTrimmedSaysItMissedThem(bool withRedis)
    {
        const int Appended = 60;
        await using var under = await TrailUnderTest.StartAsync(withRedis);
        var (everything, maths) = (new AuditFilter(null, null), new AuditFilter("maths", null));
        for (var i = 0; i < Appended; i++)
        {
            await under.AppendAsync(i % 2 == 0 ? "maths" : "art");
        }
        var stored = (await under.Trail.ReadAsync(EventCursor.Start, 1000, everything, Json.Cancel)).Entries;
        var cursors = stored.Select(e => e.Cursor).ToList();
        if (under.Redis is not null)
        {
            await under.Redis.CliAsync("XTRIM", AuditLog, "MINID", cursors[Appended / 4].StreamId);
        }
        under.PassOverWhatCameBefore(stored[Appended / 2]);
        var oldest = cursors.IndexOf((await under.Trail.ReadAsync(EventCursor.Start, 1, everything, Json.Cancel)).Entries[0].Cursor);

        Assert.Equal(Appended, cursors.Count);
        Assert.InRange(oldest, Appended / 4 + 1, Appended / 2);
        Assert.False((await under.Trail.ReadAsync(EventCursor.Start, 1, everything, Json.Cancel)).Missed);
        Assert.False((await under.Trail.ReadAsync(EventCursor.Start, 1, maths, Json.Cancel)).Missed);
        for (var i = 0; i < cursors.Count; i++)
        {
            var page = await under.Trail.ReadAsync(cursors[i], 1, everything, Json.Cancel);
            var room = await under.Trail.ReadAsync(cursors[i], 1, maths, Json.Cancel);
            var missed = i + 1 < oldest;
            Assert.True(missed == page.Missed, $"cursor {i + 1} of {cursors.Count}, the oldest kept {oldest + 1}: missed {page.Missed}");
            Assert.Equal(missed, room.Missed);
            Assert.Equal(cursors.Skip(Math.Max(i + 1, oldest)).Take(1), page.Entries.Select(e => e.Cursor));
        }
    }

    /// <summary>
    /// A read that finds no entry to look at, every one past the retention, answers none and keeps the cursor as <c>next</c>:
    /// it says that it missed them with the next entry the trail takes, the first it then looks at.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AReadThatFindsEveryEntryPastTheRetentionSaysItMissedThemWithTheNextEntry(bool withRedis)
    {
        await using var under = await TrailUnderTest.StartAsync(withRedis);
        var everything = new AuditFilter(null, null);
        await under.AppendAsync("maths");
        await under.AppendAsync("art");
        var stored = (await under.Trail.ReadAsync(EventCursor.Start, 10, everything, Json.Cancel)).Entries;

        under.PassOverWhatCameBefore(stored[1], TimeSpan.FromMilliseconds(1));
        var empty = await under.Trail.ReadAsync(stored[0].Cursor, 10, everything, Json.Cancel);
        await under.AppendAsync("physics");
        var then = await under.Trail.ReadAsync(empty.Next, 10, everything, Json.Cancel);

        Assert.Equal((0, stored[0].Cursor, false), (empty.Entries.Count, empty.Next, empty.Missed));
        Assert.Equal(("physics", true), (Assert.Single(then.Entries).Entry.RoomUuid, then.Missed));
    }

    /// <summary>A trail in process or on a real redis-server, kept one day, read by a clock the test moves.</summary>
    sealed class TrailUnderTest(IAuditTrail trail, FakeTimeProvider clock, RedisServer? redis, RedisConnection? connection) : IAsyncDisposable
    {
        public IAuditTrail Trail => trail;

        /// <summary>The Redis the trail is in; null for the trail in the process.</summary>
        public RedisServer? Redis => redis;

        public static async Task<TrailUnderTest> StartAsync(bool withRedis)
        {
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
            if (!withRedis)
            {
                return new(new InProcessAuditTrail(OneDay, clock), clock, null, null);
            }
            var redis = await RedisServer.StartAsync();
            var connection = await TestRedisConnection.ConnectedAsync(redis.Configuration);
            return new(new RedisAuditTrail(connection, TestRedisConnection.Appends(connection), SandboxKeys.Agora, OneDay,
                NullLogger<RedisAuditTrail>.Instance, clock), clock, redis, connection);
        }

        /// <summary>
        /// Appends an entry of <paramref name="room"/> a millisecond after the one before by the clock, its age in process,
        /// and on Redis a few of Redis's milliseconds after it: a stream id is Redis's millisecond, the entries' age there,
        /// which stays ahead of the clock's moves.
        /// </summary>
        public async Task AppendAsync(string room)
        {
            await trail.AppendAsync([Entry(clock.GetUtcNow()) with { RoomUuid = room }], Json.Cancel);
            clock.Advance(TimeSpan.FromMilliseconds(1));
            if (redis is not null)
            {
                await Task.Delay(5, Json.Cancel);
            }
        }

        /// <summary>
        /// Moves the clock so that the retention's cut-off is <paramref name="later"/> after <paramref name="stored"/>'s age:
        /// its time in process, its id's on Redis (an append's time).
        /// </summary>
        public void PassOverWhatCameBefore(StoredAuditEntry stored, TimeSpan later = default) =>
            clock.SetUtcNow((redis is null ? stored.Entry.Time : DateTimeOffset.FromUnixTimeMilliseconds((long)stored.Cursor.Ms))
                + later + OneDay.Value.Retention);

        public async ValueTask DisposeAsync()
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
            if (redis is not null)
            {
                await redis.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Each entry names the one appended before it, by which a read tells that the retention trimmed entries after its
    /// cursor. The entries an earlier version wrote name none: a read whose first entry looked at is one of them goes by
    /// the entry the trail holds before it, though the read passes over that one for its age; with none held before it,
    /// it cannot tell whether it missed any and says it did. The first entry appended after Redis lost the trail names
    /// none either: a cursor from before the loss missed what the lost trail held after it.
    /// </summary>
    [Fact]
    public async Task TheRedisTrailSaysItMissedEntriesWhereItCannotTellWhichCameBeforeItsFirst()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await TestRedisConnection.ConnectedAsync(redis.Configuration);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var trail = new RedisAuditTrail(connection, TestRedisConnection.Appends(connection), SandboxKeys.Agora, OneDay, NullLogger<RedisAuditTrail>.Instance, clock);
        var everything = new AuditFilter(null, null);
        var written = new List<EventCursor>();
        var start = (ulong)clock.GetUtcNow().AddSeconds(-10).ToUnixTimeMilliseconds();
        for (var i = 0UL; i < 4; i++)
        {
            written.Add(new EventCursor(start + i, 0));
            await redis.CliAsync("XADD", AuditLog, written[^1].StreamId, "entry", System.Text.Json.JsonSerializer.Serialize(Entry(clock.GetUtcNow(), $"Written{i}")));
        }
        await trail.AppendAsync([Entry(clock.GetUtcNow(), "Appended")], Json.Cancel);
        var appended = (await trail.ReadAsync(written[^1], 1, everything, Json.Cancel)).Next;
        await redis.CliAsync("XTRIM", AuditLog, "MINID", written[1].StreamId);

        var beforeTheOldest = await trail.ReadAsync(written[0], 1, everything, Json.Cancel);
        var fromAHeldOne = await trail.ReadAsync(written[1], 1, everything, Json.Cancel);
        var fromTheLastWritten = await trail.ReadAsync(written[3], 1, everything, Json.Cancel);
        clock.SetUtcNow(DateTimeOffset.FromUnixTimeMilliseconds((long)written[3].Ms) + OneDay.Value.Retention);
        var passedOver = await trail.ReadAsync(written[1], 1, everything, Json.Cancel);
        var justBeforeTheCutOff = await trail.ReadAsync(written[2], 1, everything, Json.Cancel);
        await redis.CliAsync("DEL", AuditLog); // Redis lost everything
        await trail.AppendAsync([Entry(clock.GetUtcNow(), "AfterTheLoss")], Json.Cancel);
        var fromTheLostTrail = await trail.ReadAsync(appended, 1, everything, Json.Cancel);
        var fromTheStart = await trail.ReadAsync(EventCursor.Start, 1, everything, Json.Cancel);

        Assert.Equal([("Written1", true), ("Written2", false), ("Appended", false), ("Written3", true), ("Written3", false),
                ("AfterTheLoss", true), ("AfterTheLoss", false)],
            new[] { beforeTheOldest, fromAHeldOne, fromTheLastWritten, passedOver, justBeforeTheCutOff, fromTheLostTrail, fromTheStart }
                .Select(page => (Assert.Single(page.Entries).Entry.Action, page.Missed)));
    }

    /// <summary>
    /// A cursor past the end of a trail that lost its newest entries (Redis restarted from an older snapshot) names an entry
    /// the trail no longer holds: the page says it missed what came after it, and leads back to the trail's end, from which
    /// the entries appended since are read; it said nothing and kept the cursor.
    /// </summary>
    [Fact]
    public async Task TheRedisTrailSaysItMissedEntriesAfterACursorPastTheEndOfATrailThatLostThem()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await TestRedisConnection.ConnectedAsync(redis.Configuration);
        using var client = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var db = client.GetDatabase();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var trail = new RedisAuditTrail(connection, TestRedisConnection.Appends(connection), SandboxKeys.Agora, OneDay, NullLogger<RedisAuditTrail>.Instance, clock);
        var everything = new AuditFilter(null, null);
        await trail.AppendAsync([Entry(clock.GetUtcNow(), "Kept")], Json.Cancel);
        var kept = Assert.Single((await trail.ReadAsync(EventCursor.Start, 10, everything, Json.Cancel)).Entries).Cursor;
        var snapshot = await db.KeyDumpAsync(AuditLog);
        await trail.AppendAsync([Entry(clock.GetUtcNow(), "Lost")], Json.Cancel);
        var lastRead = (await trail.ReadAsync(kept, 10, everything, Json.Cancel)).Next;
        await db.KeyDeleteAsync(AuditLog);
        await db.KeyRestoreAsync(AuditLog, snapshot!);

        var past = await trail.ReadAsync(lastRead, 10, everything, Json.Cancel);
        var fromTheEnd = await trail.ReadAsync(past.Next, 10, everything, Json.Cancel);
        await db.KeyDeleteAsync(AuditLog); // Redis lost everything
        var pastAnEmptyTrail = await trail.ReadAsync(kept, 10, everything, Json.Cancel);

        Assert.NotEqual(kept, lastRead);
        Assert.Equal((0, kept), (past.Entries.Count, past.Next));
        Assert.True(past.Missed, "the read from a cursor past the end of the lost trail said it missed nothing");
        Assert.False(fromTheEnd.Missed);
        Assert.Equal((0, EventCursor.Start, true), (pastAnEmptyTrail.Entries.Count, pastAnEmptyTrail.Next, pastAnEmptyTrail.Missed));
    }

    /// <summary>
    /// In process, another process's cursor on a trail that holds nothing yet missed what that process's trail held after
    /// it, which went with it; the trail's own cursor at its end missed nothing.
    /// </summary>
    [Fact]
    public async Task TheInProcessTrailSaysAnotherProcesssCursorOnItsEmptyTrailMissedWhatThatTrailHeld()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var earlier = new InProcessAuditTrail(OneDay, clock);
        var everything = new AuditFilter(null, null);
        await earlier.AppendAsync([Entry(clock.GetUtcNow())], Json.Cancel);
        var earliersCursor = (await earlier.ReadAsync(EventCursor.Start, 10, everything, Json.Cancel)).Next;
        clock.Advance(TimeSpan.FromSeconds(30));
        var restarted = new InProcessAuditTrail(OneDay, clock);

        var read = await restarted.ReadAsync(earliersCursor, 10, everything, Json.Cancel);
        var ownAtItsEnd = await earlier.ReadAsync(earliersCursor, 10, everything, Json.Cancel);

        Assert.Equal((0, EventCursor.Start), (read.Entries.Count, read.Next));
        Assert.True(read.Missed, "another process's cursor on an empty trail said it missed nothing");
        Assert.False(ownAtItsEnd.Missed);
    }

    [Fact]
    public async Task TheInProcessTrailKeepsTheRetentionAndItsBound()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var trail = new InProcessAuditTrail(OneDay, clock);

        await trail.AppendAsync([Entry(clock.GetUtcNow(), "Old")], Json.Cancel);
        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        await trail.AppendAsync([.. Enumerable.Range(0, InProcessAuditTrail.MaxEntries + 1).Select(_ => Entry(clock.GetUtcNow()))], Json.Cancel);
        var page = await trail.ReadAsync(EventCursor.Start, 1000, new AuditFilter(null, null), Json.Cancel);

        Assert.Equal(1000, page.Entries.Count);
        Assert.DoesNotContain(page.Entries, e => e.Entry.Action == "Old");
        // The first of the 100,001 new entries went too: the newest 100,000 are kept.
        Assert.Equal(3UL, page.Entries[0].Cursor.Seq);
    }

    /// <summary>
    /// The trail in process also lets its oldest entries go at its bound: a read from a cursor whose next entry went so
    /// says it missed it; one from the cursor just before the oldest kept, not.
    /// </summary>
    [Fact]
    public async Task TheInProcessTrailSaysItMissedTheEntriesItsBoundLetGo()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var trail = new InProcessAuditTrail(OneDay, clock);
        var everything = new AuditFilter(null, null);

        await trail.AppendAsync([.. Enumerable.Range(0, InProcessAuditTrail.MaxEntries + 2).Select(_ => Entry(clock.GetUtcNow()))], Json.Cancel);
        var oldest = Assert.Single((await trail.ReadAsync(EventCursor.Start, 1, everything, Json.Cancel)).Entries).Cursor;
        var fromTheFirst = await trail.ReadAsync(oldest with { Seq = 1 }, 1, everything, Json.Cancel);
        var fromTheSecond = await trail.ReadAsync(oldest with { Seq = 2 }, 1, everything, Json.Cancel);

        Assert.Equal(3UL, oldest.Seq);
        Assert.Equal([(oldest, true), (oldest, false)],
            new[] { fromTheFirst, fromTheSecond }.Select(page => (Assert.Single(page.Entries).Cursor, page.Missed)));
    }

    /// <summary>The same in process: an entry past the retention is not answered though no append came since.</summary>
    [Fact]
    public async Task TheInProcessTrailAnswersNoEntryOlderThanTheRetentionWithoutAnAppendSince()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var trail = new InProcessAuditTrail(OneDay, clock);
        await trail.AppendAsync([Entry(clock.GetUtcNow(), "Old")], Json.Cancel);
        clock.Advance(TimeSpan.FromHours(23));
        await trail.AppendAsync([Entry(clock.GetUtcNow(), "Kept")], Json.Cancel);

        clock.Advance(TimeSpan.FromHours(2));
        var page = await trail.ReadAsync(EventCursor.Start, 10, new AuditFilter(null, null), Json.Cancel);

        Assert.Equal("Kept", Assert.Single(page.Entries).Entry.Action);
    }

    /// <summary>A client's cursor from before a restart reads the new trail from its start, not from a position it has not reached.</summary>
    [Fact]
    public async Task TheInProcessTrailReadsACursorOfAnEarlierProcessFromItsStart()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var before = new InProcessAuditTrail(OneDay, clock);
        await before.AppendAsync([.. Enumerable.Range(0, 5).Select(_ => Entry(clock.GetUtcNow(), "Before"))], Json.Cancel);
        var held = (await before.ReadAsync(EventCursor.Start, 10, new AuditFilter(null, null), Json.Cancel)).Next;
        clock.Advance(TimeSpan.FromSeconds(30));
        var after = new InProcessAuditTrail(OneDay, clock);
        await after.AppendAsync([Entry(clock.GetUtcNow(), "First"), Entry(clock.GetUtcNow(), "Second")], Json.Cancel);

        var page = await after.ReadAsync(held, 10, new AuditFilter(null, null), Json.Cancel);
        var next = await after.ReadAsync(page.Next, 10, new AuditFilter(null, null), Json.Cancel);

        Assert.Equal(["First", "Second"], page.Entries.Select(e => e.Entry.Action));
        Assert.Empty(next.Entries);
    }

    /// <summary>
    /// A cursor of another process that started later (another instance without Redis, a clock set back across a restart)
    /// reads this trail from its start too, and its <c>next</c> goes on past what it answered: it was the cursor given,
    /// which orders after every entry of this trail, so a client polling with it got the same entries on every page.
    /// </summary>
    [Fact]
    public async Task TheInProcessTrailReadsACursorOfALaterProcessFromItsStartAndGoesOnPastIt()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var trail = new InProcessAuditTrail(OneDay, clock);
        await trail.AppendAsync([Entry(clock.GetUtcNow(), "First"), Entry(clock.GetUtcNow(), "Second")], Json.Cancel);
        var later = new EventCursor((ulong)clock.GetUtcNow().AddSeconds(30).ToUnixTimeMilliseconds(), 3);

        var page = await trail.ReadAsync(later, 10, new AuditFilter(null, null), Json.Cancel);
        var next = await trail.ReadAsync(page.Next, 10, new AuditFilter(null, null), Json.Cancel);
        await trail.AppendAsync([Entry(clock.GetUtcNow(), "Third")], Json.Cancel);
        var then = await trail.ReadAsync(next.Next, 10, new AuditFilter(null, null), Json.Cancel);

        Assert.Equal(["First", "Second"], page.Entries.Select(e => e.Entry.Action));
        Assert.Empty(next.Entries);
        Assert.Equal(["Third"], then.Entries.Select(e => e.Entry.Action));
    }

    /// <summary>
    /// Entries of every form: each optional field set and absent, and request ids drawn by the gateway (the trail in process
    /// keeps them as bits) and in forms that must come back as they came: leading zeros, capitals, a client's own.
    /// </summary>
    static List<AuditEntry> EntriesOfEveryForm(DateTimeOffset time)
    {
        string[] requestIds = ["0123456789abcdef0123456789abcdef", "000000000000000000000000000000ff", "0123456789ABCDEF0123456789ABCDEF",
            "checkout-42", "0123456789abcdef0123456789abcde"];
        return [.. requestIds.Select((id, i) => new AuditEntry(time.AddSeconds(i), $"user-{i}", ["teacher"], "KickUser",
            i % 2 == 0 ? "maths" : null, i == 1 ? "student-1" : null, 200 + i, i, id)
        {
            TargetKind = i == 1 ? AuditTarget.Kinds.User : null,
            State = i == 3 ? 2 : null,
            ClientLeft = i == 2 ? true : null,
        })];
    }

    [Fact]
    public async Task TheRedisTrailGivesBackEveryEntryAsRecorded()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await TestRedisConnection.ConnectedAsync(redis.Configuration);
        var trail = new RedisAuditTrail(connection, TestRedisConnection.Appends(connection), SandboxKeys.Agora, OneDay, NullLogger<RedisAuditTrail>.Instance, TimeProvider.System);
        var recorded = EntriesOfEveryForm(DateTimeOffset.UtcNow);

        await trail.AppendAsync(recorded, Json.Cancel);
        var page = await trail.ReadAsync(EventCursor.Start, 10, new AuditFilter(null, null), Json.Cancel);

        var read = page.Entries.Select(e => e.Entry).ToList();
        // Roles come back as lists of their own, which a record compares by reference: they are compared first, the rest after.
        Assert.Equal(recorded.Select(e => e.Roles), read.Select(e => e.Roles));
        Assert.Equal(recorded, read.Select((e, i) => e with { Roles = recorded[i].Roles }));
    }

    [Fact]
    public async Task TheInProcessTrailGivesBackEveryEntryAsRecordedWhateverFormItsRequestIdHas()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var trail = new InProcessAuditTrail(OneDay, clock);
        var recorded = EntriesOfEveryForm(clock.GetUtcNow());

        await trail.AppendAsync(recorded, Json.Cancel);
        var page = await trail.ReadAsync(EventCursor.Start, 10, new AuditFilter(null, null), Json.Cancel);

        Assert.Equal(recorded, page.Entries.Select(e => e.Entry));
    }

    [Fact]
    public async Task TheInProcessTrailKeepsOneCopyOfARoomsNameForTheEntriesOfItsClass()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var trail = new InProcessAuditTrail(OneDay, clock);
        AuditEntry InRoom(string room) => new(clock.GetUtcNow(), "teacher-1", ["teacher"], "SetClassState", room, null, 200, 0, "r");

        await trail.AppendAsync([InRoom(new string("maths".AsSpan())), InRoom(new string("maths".AsSpan())), InRoom("physics")], Json.Cancel);
        var page = await trail.ReadAsync(EventCursor.Start, 10, new AuditFilter("maths", null), Json.Cancel);

        Assert.Equal(2, page.Entries.Count);
        Assert.Same(page.Entries[0].Entry.RoomUuid, page.Entries[1].Entry.RoomUuid);
    }
}
