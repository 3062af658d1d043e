using Gateway.Telemetry;

namespace Gateway.Identity;

/// <summary>
/// The school's authority out of reach before its signing keys were ever fetched: no bearer token can be checked, so a
/// request presenting one is answered <c>503</c> (a <c>401</c> would blame the token), and the outage is logged once for
/// each kind of failure and at most once a minute while it lasts, not once a request.
/// </summary>
public sealed partial class AuthorityOutages(ILogger<AuthorityOutages> logger)
{
    /// <summary>How long a caller is told to wait before trying again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    readonly FailureLogThrottle _log = new();

    public void Failed(string? authority, Exception e)
    {
        var failure = e.GetBaseException().GetType().Name;
        if (_log.ShouldLog(failure))
        {
            LogUnreachable(logger, authority ?? "?", failure);
        }
    }

    /// <summary>The request feature of a request whose bearer token could not be checked.</summary>
    public sealed class Unreachable
    {
        public static readonly Unreachable Instance = new();
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The sign-in authority {Authority} cannot be reached ({Failure}); requests with a bearer token are answered 503 meanwhile")]
    static partial void LogUnreachable(ILogger logger, string authority, string failure);
}
