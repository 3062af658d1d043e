using System.ComponentModel.DataAnnotations;

namespace Gateway.Events;

/// <summary>The <c>Events</c> section: how the poller polls, how long leadership lasts, how much of the log is kept.</summary>
public sealed class EventsOptions
{
    public const string Section = "Events";

    /// <summary>Whether this instance competes for the poller's lease at all (it always serves the log).</summary>
    public bool PollingEnabled { get; set; } = true;

    [Range(20, 60_000, ErrorMessage = "Events:PollIntervalMilliseconds must be from 20 to 60000.")]
    public int PollIntervalMilliseconds { get; set; } = 1000;

    [Range(1, 300, ErrorMessage = "Events:LeaseSeconds must be from 1 to 300.")]
    public int LeaseSeconds { get; set; } = 10;

    [Range(100, 100_000_000, ErrorMessage = "Events:RetentionEvents must be from 100 to 100000000.")]
    public int RetentionEvents { get; set; } = 100_000;

    [Range(10, 10_080, ErrorMessage = "Events:DedupeWindowMinutes must be from 10 to 10080.")]
    public int DedupeWindowMinutes { get; set; } = 1440;

    [Range(0, 5, ErrorMessage = "Events:ReplicasToAcknowledge must be from 0 to 5.")]
    public int ReplicasToAcknowledge { get; set; }

    [Range(1, 600, ErrorMessage = "Events:MaxBackoffSeconds must be from 1 to 600.")]
    public int MaxBackoffSeconds { get; set; } = 30;

    [Range(1, 300, ErrorMessage = "Events:HeartbeatSeconds must be from 1 to 300.")]
    public int HeartbeatSeconds { get; set; } = 15;

    [Range(1, 1000, ErrorMessage = "Events:MaxStreamsPerUser must be from 1 to 1000.")]
    public int MaxStreamsPerUser { get; set; } = 5;

    [Range(1, 1_000_000, ErrorMessage = "Events:MaxStreamsPerInstance must be from 1 to 1000000.")]
    public int MaxStreamsPerInstance { get; set; } = 10_000;

    public TimeSpan PollInterval => TimeSpan.FromMilliseconds(PollIntervalMilliseconds);
    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    /// <summary>The holder renews, and the others try to take over, three times per lease.</summary>
    public TimeSpan LeaseCheckInterval => Lease / 3;

    /// <summary>
    /// How long a wait for a poll's answer goes on once Agora's time bound passes: a process paused past the deadline
    /// wakes with the answer often in its socket, and reads it within this.
    /// </summary>
    public TimeSpan AnswerGrace => Lease / 8;

    public TimeSpan MaxBackoff => TimeSpan.FromSeconds(MaxBackoffSeconds);
    public TimeSpan DedupeWindow => TimeSpan.FromMinutes(DedupeWindowMinutes);
    public TimeSpan Heartbeat => TimeSpan.FromSeconds(HeartbeatSeconds);
}
