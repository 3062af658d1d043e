using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Classroom.Agora.Models;
using Classroom.Emulator.Classrooms;
using Classroom.Emulator.Events;
using Classroom.Emulator.Hosting;

namespace Classroom.Emulator.Recordings;

/// <summary>
/// A room's recordings, oldest first; at most one runs at a time. Time moves it on when the room is next looked up: a
/// web recording ends after <c>maxRecordingHour</c>, and one started with <c>retryTimeout</c> is retried (at most
/// <see cref="MaxRetries"/> times) while its page does not report ready, then given up and marked <c>unready</c>.
/// </summary>
sealed class RoomRecordings(string appId, string roomUuid, int roomType, RoomEventLog events, ClassroomProperties properties)
{
    /// <summary>Where recorded files would be stored; the reserved <c>.invalid</c> domain says they are not real.</summary>
    public const string StorageBase = "https://recordings.classroom-emulator.invalid";
    public const string StreamingBase = "classroom-emulator.invalid/live";
    public const int MaxRetries = 2;

    readonly List<RecordItem> _records = [];
    RunningRecording? _running;

    public Outcome<NoData> Start(RecordingStateRequest request, DateTimeOffset now)
    {
        Advance(now);
        if (_running is not null)
        {
            return AgoraFailure.RecordingNotEnded;
        }
        var sid = NewId();
        var folder = $"{StorageBase}/{appId}/{Uri.EscapeDataString(roomUuid)}/{sid}";
        var recordUid = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        var running = new RunningRecording(_records.Count, request, now);
        running.ReadyDueAt = now + running.RetryTimeout;
        _records.Add(new RecordItem
        {
            RecordId = NewId(),
            AppId = appId,
            RoomUuid = roomUuid,
            StartTime = now.ToUnixTimeMilliseconds(),
            ResourceId = NewId(),
            Sid = sid,
            RecordUid = recordUid,
            Type = RecordItem.CompositeType,
            Status = RecordItem.RecordingStatus,
            Url = request.IsWebMode ? null : $"{folder}/{sid}.m3u8",
            RecordDetails = request.IsWebMode ? [new RecordDetail($"{folder}/{sid}_0.mp4")] : null,
            OnHold = running.OnHold,
            WebRecordUrlQuery = request.IsWebMode && string.IsNullOrWhiteSpace(request.WebRecordConfig?.Url) ? PageQuery(recordUid) : null,
        });
        _running = running;
        Announce(RecordingReason.Started);
        return NoData.Done;
    }

    public Outcome<NoData> Stop(DateTimeOffset now)
    {
        Advance(now);
        if (_running is null)
        {
            return AgoraFailure.RecordingNotStarted;
        }
        End(now, RecordingReason.Stopped);
        return NoData.Done;
    }

    /// <summary>New settings for the running web recording; they replace the last ones, and its pause shows in the list.</summary>
    public Outcome<NoData> Update(UpdateRecordingRequest request, DateTimeOffset now)
    {
        Advance(now);
        if (_running is not { IsWeb: true } running)
        {
            return AgoraFailure.RecordingNotStarted;
        }
        running.Settings = request.WebRecordConfig;
        running.OnHold = request.WebRecordConfig!.OnHold;
        _records[running.Index] = _records[running.Index] with { OnHold = running.OnHold };
        return properties.Announce(PropertyAction.Set, new JsonObject { ["record.onhold"] = running.OnHold }, cause: null);
    }

    /// <summary>The recording page reports it loaded; after a retry the recording counts as started again (reason 3).</summary>
    public Outcome<NoData> Ready(DateTimeOffset now)
    {
        Advance(now);
        if (_running is not { } running)
        {
            return AgoraFailure.RecordingNotStarted;
        }
        if (running.Ready)
        {
            return NoData.Done;
        }
        running.Ready = true;
        running.ReadyDueAt = null;
        properties.Announce(PropertyAction.Set, new JsonObject { ["record.ready"] = true }, cause: null);
        if (running.Retries > 0)
        {
            Announce(RecordingReason.StartedAfterRetry);
        }
        return NoData.Done;
    }

    /// <summary>Plays what happened since the last look, in order, each at the instant it was due.</summary>
    public void Advance(DateTimeOffset now)
    {
        while (_running is { } running)
        {
            var due = new[] { running.EndsAt, running.ReadyDueAt }.Where(at => at <= now).Min();
            if (due is not { } at)
            {
                return;
            }
            if (at == running.EndsAt)
            {
                End(at, RecordingReason.Stopped);
            }
            else if (running.Retries < MaxRetries)
            {
                running.Retries++;
                running.ReadyDueAt = at + running.RetryTimeout;
                Announce(RecordingReason.ReadyTimedOut);
            }
            else
            {
                _records[running.Index] = _records[running.Index] with { Unready = true };
                End(at, RecordingReason.GaveUp);
            }
        }
    }

    public Outcome<RecordPage> Page(string? nextId)
    {
        var from = 0;
        if (!string.IsNullOrEmpty(nextId))
        {
            from = _records.FindIndex(record => record.RecordId == nextId);
            if (from < 0)
            {
                return AgoraFailure.BadParameter("nextId names no recording of this room");
            }
        }
        var (page, nextStart) = Paging.Slice(_records, from);
        return new RecordPage(_records.Count, page.Count, page, nextStart?.RecordId);
    }

    /// <summary><c>roomProperties.record</c>: <c>state</c> 0 never recorded, 1 recording, 2 ended, and the running one's flags.</summary>
    public JsonObject Describe()
    {
        if (_records.Count == 0)
        {
            return new JsonObject { ["state"] = 0 };
        }
        var last = _records[^1];
        var record = new JsonObject { ["state"] = last.Status, ["recordId"] = last.RecordId };
        if (_running is { } running)
        {
            record["ready"] = running.Ready;
            record["onhold"] = running.OnHold;
            record["streamingUrl"] = running.PublishesRtmp ? StreamingUrls(last.Sid) : null;
        }
        return record;
    }

    void End(DateTimeOffset at, int reason)
    {
        var index = _running!.Index;
        _records[index] = _records[index] with { EndTime = at.ToUnixTimeMilliseconds(), Status = RecordItem.EndedStatus };
        Announce(reason);
        _running = null;
    }

    void Announce(int reason)
    {
        var record = _records[_running!.Index];
        events.Append(EventCmd.RecordingState, new
        {
            state = record.Status,
            reason,
            recordId = record.RecordId,
            sid = record.Sid,
            resourceId = record.ResourceId,
            startTime = record.StartTime,
        });
    }

    /// <summary>What Agora appends to <c>rootUrl</c>: the launch options of an invisible recorder in this room.</summary>
    string PageQuery(string recorderUid) =>
        $"userUuid={recorderUid}&roomUuid={Uri.EscapeDataString(roomUuid)}&roleType=0&roomType={roomType.ToString(CultureInfo.InvariantCulture)}&pretest=false&appId={appId}";

    static JsonObject StreamingUrls(string sid) => new()
    {
        ["rtmp"] = $"rtmp://{StreamingBase}/{sid}",
        ["flv"] = $"https://{StreamingBase}/{sid}.flv",
        ["hls"] = $"https://{StreamingBase}/{sid}.m3u8",
    };

    static string NewId() => Guid.NewGuid().ToString("N");
}
