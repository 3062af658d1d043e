using Gateway.Upstream;

namespace Gateway.Resilience;

/// <summary>
/// Sends each call to the Agora host in use (<see cref="AgoraHosts"/>), and moves every call to the backup host once the
/// primary cannot be connected to or breaks a connection. A call that could not connect never reached Agora, so it
/// goes on to the backup at once, whatever its method; a call whose connection broke may have reached Agora and is not
/// sent again here (reads are retried by <see cref="IdempotentRetryHandler"/>, on the host then in use).
/// </summary>
public sealed partial class HostFailoverHandler(AgoraHosts hosts, ILogger<HostFailoverHandler> logger) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(AgoraHosts.StayOnHost, out var stay) && stay)
        {
            return base.SendAsync(request, cancellationToken);
        }
        var host = hosts.InUse.Host;
        request.RequestUri = hosts.OnHost(request.RequestUri!, host);
        // On the backup, or without one, a failure has nowhere to go: the call is sent as it is, without a wait of its own.
        return host == AgoraHost.Primary && hosts.Backup is not null
            ? SendFailingOverAsync(request, cancellationToken)
            : base.SendAsync(request, cancellationToken);
    }

    async Task<HttpResponseMessage> SendFailingOverAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (Exception e)
        {
            var failure = Classify(e, cancellationToken);
            if (failure == ConnectionFailure.None)
            {
                throw;
            }
            if (hosts.SwitchToBackup(failure == ConnectionFailure.NotSent ? "the primary could not be connected to" : "a connection to the primary broke"))
            {
                LogSwitched(logger, failure, e.GetType().Name);
            }
            if (failure != ConnectionFailure.NotSent)
            {
                throw;
            }
            request.RequestUri = hosts.OnHost(request.RequestUri!, AgoraHost.Backup);
            return await base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>What <paramref name="failure"/> says of a call whose caller's token is <paramref name="cancellationToken"/>.</summary>
    public static ConnectionFailure Classify(Exception failure, CancellationToken cancellationToken) => failure switch
    {
        _ when cancellationToken.IsCancellationRequested => ConnectionFailure.None,
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            or HttpRequestError.SecureConnectionError } => ConnectionFailure.NotSent,
        HttpRequestException => ConnectionFailure.MaybeSent,
        // SocketsHttpHandler's ConnectTimeout: a cancellation that is not the caller's, for a connection never made.
        OperationCanceledException { InnerException: TimeoutException } => ConnectionFailure.NotSent,
        _ => ConnectionFailure.None,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Calls to Agora now go to the backup host: the primary failed ({Failure}, {ExceptionType})")]
    static partial void LogSwitched(ILogger logger, ConnectionFailure failure, string exceptionType);
}
