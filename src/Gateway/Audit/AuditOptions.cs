using System.ComponentModel.DataAnnotations;

namespace Gateway.Audit;

/// <summary>The <c>Audit</c> section: how long the audit trail keeps what it recorded.</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    [Range(1, 3650, ErrorMessage = "Audit:RetentionDays must be from 1 to 3650.")]
    public int RetentionDays { get; set; } = 30;

    public TimeSpan Retention => TimeSpan.FromDays(RetentionDays);
}
