using System.Security.Cryptography;
using Classroom.Agora.Models;
using Classroom.Emulator.Events;
using Classroom.Emulator.Hosting;

namespace Classroom.Emulator.Recordings;

/// <summary>A room's recordings, oldest first; at most one runs at a time.</summary>
sealed class RoomRecordings(string appId, string roomUuid, RoomEventLog events)
{
    /// <summary>Where recorded files would be stored; the reserved <c>.invalid</c> domain says they are not real.</summary>
    public const string StorageBase = "https://recordings.classroom-emulator.invalid";

    readonly List<RecordItem> _records = [];
    int? _running;
    DateTimeOffset? _deadline;

    public Outcome<NoData> Start(RecordingStateRequest request, DateTimeOffset now)
    {
        StopOverdue(now);
        if (_running is not null)
        {
            return AgoraFailure.RecordingNotEnded;
        }
        var recordId = NewId();
        var sid = NewId();
        var folder = $"{StorageBase}/{appId}/{Uri.EscapeDataString(roomUuid)}/{sid}";
        var record = new RecordItem
        {
            RecordId = recordId,
            AppId = appId,
            RoomUuid = roomUuid,
            StartTime = now.ToUnixTimeMilliseconds(),
            ResourceId = NewId(),
            Sid = sid,
            RecordUid = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Type = RecordItem.CompositeType,
            Status = RecordItem.RecordingStatus,
            Url = request.IsWebMode ? null : $"{folder}/{sid}.m3u8",
            RecordDetails = request.IsWebMode ? [new RecordDetail($"{folder}/{sid}_0.mp4")] : null,
        };
        _records.Add(record);
        _running = _records.Count - 1;
        // A web recording ends by itself after maxRecordingHour; a composite one runs until stopped.
        _deadline = request.IsWebMode ? now.AddHours(request.WebRecordConfig?.MaxRecordingHour ?? WebRecordConfig.DefaultMaxRecordingHour) : null;
        Announce(record);
        return NoData.Done;
    }

    public Outcome<NoData> Stop(DateTimeOffset now)
    {
        StopOverdue(now);
        if (_running is null)
        {
            return AgoraFailure.RecordingNotStarted;
        }
        End(now);
        return NoData.Done;
    }

    /// <summary>Ends a web recording that ran past its maxRecordingHour, at the instant it should have ended.</summary>
    public void StopOverdue(DateTimeOffset now)
    {
        if (_running is not null && _deadline is { } deadline && now >= deadline)
        {
            End(deadline);
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

    void End(DateTimeOffset at)
    {
        var index = _running!.Value;
        _records[index] = _records[index] with { EndTime = at.ToUnixTimeMilliseconds(), Status = RecordItem.EndedStatus };
        _running = null;
        _deadline = null;
        Announce(_records[index]);
    }

    void Announce(RecordItem record) => events.Append(EventCmd.RecordingState, new
    {
        state = record.Status,
        recordId = record.RecordId,
        sid = record.Sid,
        resourceId = record.ResourceId,
        startTime = record.StartTime,
    });

    static string NewId() => Guid.NewGuid().ToString("N");
}
