using System.Collections.Concurrent;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Health;

/// <summary>
/// What readiness found, told to the operator. <c>/readyz</c> answers anyone (the Ingress routes it), so a check's
/// description names no host, port, URL or endpoint, and a check that has one to tell puts it in its result's data under
/// <see cref="Detail"/>, which only this log writes. A check that turns <c>Degraded</c> or <c>Unhealthy</c> is one
/// <c>Warning</c>, with why it turned; one back to <c>Healthy</c> is one <c>Information</c> line: once per change of its
/// status, not per request, as a monitor asks every few seconds while an outage lasts, and anyone may ask as fast as they
/// can. Not per change of its reason either: during one outage the reason comes and goes (a circuit that opens, breaks
/// and opens again; the kind of a failed connection to a hung Redis), and the parts that change it log it themselves.
/// </summary>
public sealed partial class ReadinessLog(ILogger<ReadinessLog> logger)
{
    /// <summary>The key of a result's data that the log writes and <c>/readyz</c> does not.</summary>
    public const string Detail = "detail";

    /// <summary>A result's data holding <paramref name="detail"/> for the log alone.</summary>
    public static IReadOnlyDictionary<string, object> WithDetail(string detail) => new Dictionary<string, object> { [Detail] = detail };

    /// <summary>
    /// What <c>/readyz</c> says of <paramref name="entry"/>: its description, or, for a check that threw, the exception's
    /// kind alone: the framework would say its message, which can name an endpoint or quote the configuration.
    /// </summary>
    public static string? DescriptionOf(HealthReportEntry entry) =>
        entry.Exception is { } e ? $"The check failed ({e.GetType().Name})." : entry.Description;

    /// <summary>The status each check had last.</summary>
    readonly ConcurrentDictionary<string, HealthStatus> _statuses = new(StringComparer.Ordinal);

    public void Saw(HealthReport report)
    {
        foreach (var (check, entry) in report.Entries)
        {
            if (!Changed(check, entry.Status))
            {
                continue;
            }
            if (entry.Status == HealthStatus.Healthy)
            {
                LogHealthy(logger, check);
            }
            else
            {
                LogNotHealthy(logger, check, entry.Status, DescriptionOf(entry) ?? "",
                    entry.Data.TryGetValue(Detail, out var detail) ? $" {detail}" : "");
            }
        }
    }

    /// <summary>Whether <paramref name="status"/> is news for <paramref name="check"/>, for one of the requests that saw it at once; a first healthy answer is none.</summary>
    bool Changed(string check, HealthStatus status) => _statuses.TryGetValue(check, out var before)
        ? before != status && _statuses.TryUpdate(check, status, before)
        : _statuses.TryAdd(check, status) && status != HealthStatus.Healthy;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readiness: {Check} is {Status}: {Description}{Detail}")]
    static partial void LogNotHealthy(ILogger logger, string check, HealthStatus status, string description, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Readiness: {Check} is Healthy again")]
    static partial void LogHealthy(ILogger logger, string check);
}
