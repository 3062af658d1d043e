using Gateway.Upstream;

namespace Gateway.Resilience;

/// <summary>
/// While calls go to Agora's backup host, knocks on the primary every <c>CircuitBreaker:BreakDurationSeconds</c> and moves
/// every call back to it once it answers (anything but 502, 503 or 504). An error of its own is logged, counted and
/// retried with backoff; the loop ends only with the process.
/// </summary>
public sealed partial class PrimaryHostProbe(
    AgoraHosts hosts,
    UpstreamKnock knock,
    IOptions<CircuitBreakerOptions> options,
    TimeProvider time,
    ILogger<PrimaryHostProbe> logger) : BackgroundService
{
    const int MaxBackoffBreaks = 16;

    TimeSpan Interval => options.Value.BreakDuration;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var errors = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await hosts.WhenOnBackupAsync(stoppingToken);
                await Task.Delay(Interval, time, stoppingToken);
                await ProbeAsync(stoppingToken);
                errors = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                errors++;
                LogProbeError(logger, e.GetType().Name, errors);
                await BackOffAsync(errors, stoppingToken);
            }
        }
    }

    async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var answer = await knock.KnockAsync(AgoraHost.Primary, cancellationToken);
        if (!answer.Failed && hosts.ReturnToPrimary($"the primary answered a probe ({answer.StatusCode})"))
        {
            LogReturned(logger, answer.StatusCode);
        }
    }

    /// <summary>Doubling from one interval, up to <see cref="MaxBackoffBreaks"/> of them.</summary>
    async Task BackOffAsync(int errors, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(Interval * Math.Min(Math.Pow(2, errors - 1), MaxBackoffBreaks), time, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Calls to Agora are back on the primary host: it answered a probe ({Status})")]
    static partial void LogReturned(ILogger logger, int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Probing Agora's primary host failed ({ExceptionType}, error {Errors} in a row)")]
    static partial void LogProbeError(ILogger logger, string exceptionType, int errors);
}
