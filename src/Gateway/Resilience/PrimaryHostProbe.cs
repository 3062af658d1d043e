using Gateway.Upstream;

namespace Gateway.Resilience;

/// <summary>
/// While calls go to Agora's backup host, knocks on the primary every <c>CircuitBreaker:BreakDurationSeconds</c> and moves
/// every call back to it once it answers (anything but 502, 503 or 504). An error of its own is logged, counted and
/// retried with backoff, as every background loop's is (<see cref="Telemetry.LoopFailures"/>); the loop ends only with
/// the process.
/// </summary>
public sealed partial class PrimaryHostProbe(
    AgoraHosts hosts,
    UpstreamKnock knock,
    IOptions<CircuitBreakerOptions> options,
    TimeProvider time,
    Telemetry.LoopFailures failures,
    ILogger<PrimaryHostProbe> logger) : BackgroundService
{
    public const string Loop = "primary-host-probe";

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
                await failures.RetryAfterAsync(Loop, e, ++errors, stoppingToken);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Calls to Agora are back on the primary host: it answered a probe ({Status})")]
    static partial void LogReturned(ILogger logger, int status);
}
