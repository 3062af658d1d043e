using System.ComponentModel.DataAnnotations;

namespace Gateway.Audit;

/// <summary>The <c>Audit</c> section: how long the audit trail keeps what it recorded, and how many replicas must hold it.</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    [Range(1, 3650, ErrorMessage = "Audit:RetentionDays must be from 1 to 3650.")]
    public int RetentionDays { get; set; } = 30;

    /// <summary>
    /// On Redis, how many replicas must hold an append before the writer counts its entries written, so that a failover
    /// promoting one of them keeps them. The writer waits at most half the command timeout; fewer in time is logged.
    /// </summary>
    [Range(0, 5, ErrorMessage = "Audit:ReplicasToAcknowledge must be from 0 to 5.")]
    public int ReplicasToAcknowledge { get; set; }

    public TimeSpan Retention => TimeSpan.FromDays(RetentionDays);
}
