using Classroom.Agora.Models;

namespace Classroom.Emulator.Recordings;

/// <summary>What the service tracks of the recording that runs: its deadlines, retries and the page's readiness.</summary>
sealed class RunningRecording(int index, RecordingStateRequest request, DateTimeOffset startedAt)
{
    /// <summary>The recording's place in the room's list.</summary>
    public int Index => index;

    public bool IsWeb { get; } = request.IsWebMode;

    /// <summary>A web recording ends by itself after <c>maxRecordingHour</c>; a composite one runs until stopped.</summary>
    public DateTimeOffset? EndsAt { get; } = request.IsWebMode
        ? startedAt.AddHours(request.WebRecordConfig?.MaxRecordingHour ?? WebRecordConfig.DefaultMaxRecordingHour)
        : null;

    /// <summary>Only a web recording started with <c>retryTimeout</c> waits for its page to report ready.</summary>
    public TimeSpan? RetryTimeout { get; } = request.IsWebMode && request.RetryTimeout is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    public DateTimeOffset? ReadyDueAt { get; set; }
    public int Retries { get; set; }
    public bool Ready { get; set; }
    public bool? OnHold { get; set; } = request.IsWebMode ? request.WebRecordConfig?.OnHold ?? false : null;

    /// <summary>The settings of the start or of the last update, which replaces them whole.</summary>
    public WebRecordConfig? Settings { get; set; } = request.WebRecordConfig;

    public bool PublishesRtmp { get; } = request.WebRecordConfig?.PublishRtmp == true;
}
