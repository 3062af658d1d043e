using Gateway.Telemetry;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Gateway.Identity;

/// <summary>
/// The school's authority out of reach before its signing keys were ever fetched: no bearer token can be checked, so a
/// request presenting one is answered <c>503</c> (a <c>401</c> would blame the token), and the outage is logged once for
/// each kind of failure and at most once a minute while it lasts, not once a request. Until the keys were fetched once,
/// the requests that need them meanwhile wait for one fetch together, and share a failed one's failure for a while
/// (<see cref="KeysAsync"/>).
/// </summary>
public sealed partial class AuthorityOutages(ILogger<AuthorityOutages> logger, TimeProvider time)
{
    /// <summary>How long a caller is told to wait before trying again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>How long a failed first fetch answers the requests that come after it, before one fetches again.</summary>
    public static readonly TimeSpan FailureHeld = TimeSpan.FromSeconds(1);

    readonly FailureLogThrottle _log = new();
    readonly Lock _gate = new();
    Task<OpenIdConnectConfiguration>? _firstFetch;
    long _failedAt;
    volatile bool _fetched;

    /// <summary>
    /// The authority's configuration (its signing keys) as <paramref name="authority"/> holds it. Until it was fetched
    /// once, a request joins the fetch in flight instead of starting its own: IdentityModel lets one fetch run at a time
    /// and has each request that waited for it fetch again, so that behind an authority that never answers the tenth of
    /// ten sign-ins waited ten times the bound on one fetch, and the authority was asked ten times. A failed fetch answers
    /// the requests of the next <see cref="FailureHeld"/> too: behind an authority refusing connections, each request
    /// asked it again at once, as many times a second as sign-ins came.
    /// </summary>
    public Task<OpenIdConnectConfiguration> KeysAsync(IConfigurationManager<OpenIdConnectConfiguration> authority, CancellationToken aborted)
    {
        if (_fetched)
        {
            // Fetched once: IdentityModel answers from what it holds, and fetches anew behind the request.
            return authority.GetConfigurationAsync(aborted);
        }
        Task<OpenIdConnectConfiguration> fetch;
        lock (_gate)
        {
            if (_firstFetch is null || (_firstFetch.IsCompleted && !_firstFetch.IsCompletedSuccessfully
                && time.GetElapsedTime(Volatile.Read(ref _failedAt)) >= FailureHeld))
            {
                // The fetch is everyone's: no request's abort ends it.
                _firstFetch = Task.Run(async () =>
                {
                    try
                    {
                        var configuration = await authority.GetConfigurationAsync(CancellationToken.None);
                        _fetched = true;
                        return configuration;
                    }
                    catch
                    {
                        Volatile.Write(ref _failedAt, time.GetTimestamp());
                        throw;
                    }
                });
            }
            fetch = _firstFetch;
        }
        return fetch.WaitAsync(aborted);
    }

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
