using System.Diagnostics;
using System.Net;
using Gateway.Configuration;
using Gateway.Problems;
using Gateway.Resilience;
using Gateway.Telemetry;
using Gateway.Tokens;
using Gateway.Upstream;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Forwarding;

/// <summary>
/// Sends one request on to Agora as the caller: YARP streams it, <see cref="AgoraRequestTransformer"/> swaps the
/// client's credentials for the caller's RTM token, and every failure becomes a problem with a bounded wait.
/// A failing Agora is not hammered: <see cref="UpstreamCircuitBreaker"/> refuses calls while its circuit is open.
/// </summary>
public sealed partial class AgoraForwarder(
    IHttpForwarder forwarder,
    AgoraUpstream upstream,
    IRtmTokenSource tokens,
    UpstreamCircuitBreaker breaker,
    GatewayMetrics metrics,
    IOptions<AgoraOptions> options,
    ILogger<AgoraForwarder> logger) : IDisposable
{
    readonly ForwarderRequestConfig _config = new()
    {
        ActivityTimeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds),
        Version = upstream.HttpVersion,
        VersionPolicy = upstream.HttpVersionPolicy,
    };

    /// <summary><c>Agora:TimeoutSeconds</c>: YARP's bound on each wait, and the gateway's on the whole exchange.</summary>
    TimeSpan Timeout => _config.ActivityTimeout!.Value;

    readonly HttpMessageInvoker _client = new(new IdempotentRetryHandler(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
        ConnectTimeout = TimeSpan.FromSeconds(Math.Min(options.Value.TimeoutSeconds, 5)),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    }));

    /// <summary>Forwards the current request to <paramref name="pathAndQuery"/> (already percent-encoded) upstream.</summary>
    public async Task ForwardAsync(HttpContext context, string pathAndQuery, string uid)
    {
        string token;
        try
        {
            token = (await tokens.GetTokenAsync(uid, context.RequestAborted)).Token;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogMintFailed(logger, e.GetType().Name);
            await GatewayProblems.Write(context, StatusCodes.Status503ServiceUnavailable, "No Agora token could be minted for the caller.");
            return;
        }
        if (!breaker.TryEnter(out var retryAfter))
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString("0", System.Globalization.CultureInfo.InvariantCulture);
            await GatewayProblems.Write(context, StatusCodes.Status503ServiceUnavailable,
                "Agora has been failing; the gateway holds calls back for a while. Try again after Retry-After.");
            return;
        }

        // ActivityTimeout bounds each wait; this deadline bounds the whole exchange, so a slow drip cannot hold on.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(Timeout);
        var started = Stopwatch.GetTimestamp();
        var transformer = new AgoraRequestTransformer(pathAndQuery, uid, token);
        var error = await forwarder.SendAsync(context, upstream.BaseUrl.ToString(), _client, _config, transformer, deadline.Token);
        var timedOut = deadline.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested;
        if (timedOut)
        {
            error = ForwarderError.RequestTimedOut;
        }
        breaker.Record(Outcome(error, context.Response.StatusCode));
        metrics.UpstreamCall(context.Request.Method, error == ForwarderError.None ? context.Response.StatusCode : null,
            error == ForwarderError.None ? null : error.ToString(), Stopwatch.GetElapsedTime(started));
        if (error != ForwarderError.None && !context.Response.HasStarted)
        {
            await WriteForwardingProblem(context, error);
        }
    }

    static UpstreamOutcome Outcome(ForwarderError error, int status) => error switch
    {
        ForwarderError.None => status is StatusCodes.Status502BadGateway or StatusCodes.Status503ServiceUnavailable
            or StatusCodes.Status504GatewayTimeout ? UpstreamOutcome.Failed : UpstreamOutcome.Answered,
        ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.RequestBodyDestination
            or ForwarderError.ResponseBodyDestination => UpstreamOutcome.Failed,
        _ => UpstreamOutcome.Abandoned,
    };

    Task WriteForwardingProblem(HttpContext context, ForwarderError error)
    {
        var failure = context.GetForwarderErrorFeature()?.Exception;
        LogForwardFailed(logger, error, failure?.GetType().Name);
        // Whatever YARP copied from a broken answer (its length, its type) must not describe the problem.
        context.Response.Clear();
        return error switch
        {
            ForwarderError.RequestTimedOut => GatewayProblems.Write(context, StatusCodes.Status504GatewayTimeout,
                $"Agora did not answer within {Timeout.TotalSeconds:0} s."),
            ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled => Task.CompletedTask,
            ForwarderError.RequestBodyClient when BadRequest(failure) is { } bad => GatewayProblems.Write(context, bad.StatusCode,
                bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request body could not be read."),
            ForwarderError.RequestBodyClient => GatewayProblems.Write(context, StatusCodes.Status400BadRequest, "The request body could not be read."),
            _ => GatewayProblems.Write(context, StatusCodes.Status502BadGateway, "Agora could not be reached."),
        };
    }

    /// <summary>Kestrel's refusal of the client's body (too large, malformed), wherever YARP wrapped it.</summary>
    static BadHttpRequestException? BadRequest(Exception? failure) => failure switch
    {
        BadHttpRequestException bad => bad,
        AggregateException many => many.InnerExceptions.Select(BadRequest).FirstOrDefault(b => b is not null),
        { InnerException: { } inner } => BadRequest(inner),
        _ => null,
    };

    public void Dispose() => _client.Dispose();

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not mint an RTM token for the upstream call ({ExceptionType})")]
    static partial void LogMintFailed(ILogger logger, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forwarding to Agora failed: {Error} ({ExceptionType})")]
    static partial void LogForwardFailed(ILogger logger, ForwarderError error, string? exceptionType);
}
