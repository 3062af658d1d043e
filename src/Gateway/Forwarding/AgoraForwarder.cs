using System.Diagnostics;
using Polly.CircuitBreaker;
using Gateway.Configuration;
using Gateway.Problems;
using Gateway.Resilience;
using Gateway.Telemetry;
using Gateway.Upstream;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Forwarding;

/// <summary>
/// Sends one request on to Agora for the caller: YARP streams it, <see cref="AgoraRequestTransformer"/> swaps the
/// client's credentials for the gateway's (<see cref="IUpstreamCredentials"/>: its app token, or the caller's RTM token),
/// and every failure becomes a problem with a bounded wait.
/// A failing Agora is not hammered: <see cref="UpstreamCircuitBreaker"/> refuses calls while its circuit is open.
/// </summary>
public sealed partial class AgoraForwarder(
    IHttpForwarder forwarder,
    IForwarderHttpClientFactory clients,
    AgoraUpstream upstream,
    IUpstreamCredentials credentials,
    UpstreamCircuitBreaker breaker,
    GatewayMetrics metrics,
    IOptions<AgoraOptions> options,
    ILogger<AgoraForwarder> logger)
{
    readonly ForwarderRequestConfig _config = new()
    {
        ActivityTimeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds),
        Version = upstream.HttpVersion,
        VersionPolicy = upstream.HttpVersionPolicy,
    };

    readonly HttpMessageInvoker _client = clients.CreateClient(new ForwarderHttpClientContext { NewConfig = HttpClientConfig.Empty });

    /// <summary><c>Agora:TimeoutSeconds</c>: YARP's bound on each wait, and the gateway's on the whole exchange.</summary>
    TimeSpan Timeout => _config.ActivityTimeout!.Value;

    /// <summary>Forwards the current request to <paramref name="pathAndQuery"/> (already percent-encoded) upstream.</summary>
    public async Task ForwardAsync(HttpContext context, string pathAndQuery, string uid)
    {
        AgoraCallCredential credential;
        try
        {
            credential = await credentials.ForCallerAsync(uid, context.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogMintFailed(logger, e.GetType().Name);
            await GatewayProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "No Agora token could be minted for the call.");
            return;
        }
        UpstreamResult result;
        try
        {
            result = await breaker.CallAsync(static (s, _) => s.Forwarder.SendAsync(s.Context, s.PathAndQuery, s.Credential),
                (Forwarder: this, Context: context, PathAndQuery: pathAndQuery, Credential: credential), CancellationToken.None);
        }
        catch (BrokenCircuitException refused)
        {
            await GatewayProblems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                "Agora has been failing; the gateway holds calls back for a while. Try again after Retry-After.",
                retryAfter: breaker.RetryAfter(refused));
            return;
        }
        if (result.Error == ForwarderError.None)
        {
            return;
        }
        if (!context.Response.HasStarted)
        {
            await WriteForwardingProblem(context, result.Error);
        }
        else if (result.Error is ForwarderError.RequestTimedOut or ForwarderError.ResponseBodyDestination)
        {
            // No problem can follow an answer that has started: YARP aborts it, and says so only at Debug.
            LogAnswerCutOff(logger, result.Error, context.Response.StatusCode);
        }
    }

    async ValueTask<UpstreamResult> SendAsync(HttpContext context, string pathAndQuery, AgoraCallCredential credential)
    {
        // ActivityTimeout bounds each wait; this deadline bounds the whole exchange, so a slow drip cannot hold on.
        using var timeout = new CancellationTokenSource(Timeout);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, timeout.Token);
        var forwarding = true;
        if (WorksAsItsAnswerStarts(context.Request.Method))
        {
            // Registered last, so it runs first of the answer's OnStarting callbacks. The gateway's own work in the
            // others (dropping every instance's copies of the room, which waits out a lease when Redis cannot say who
            // dropped them) is not Agora's time: counted in Agora's bound, it could run the bound out while YARP wrote
            // the answer's first bytes, and YARP aborted an answer whose headers had gone, for a write Agora had made.
            // From the answer's start, that work and the rest of Agora's body get the bound afresh.
            context.Response.OnStarting(() =>
            {
                if (forwarding)
                {
                    timeout.CancelAfter(Timeout);
                }
                return Task.CompletedTask;
            });
        }
        var started = Stopwatch.GetTimestamp();
        var transformer = new AgoraRequestTransformer(pathAndQuery, credential);
        var error = await forwarder.SendAsync(context, upstream.BaseUrl.ToString(), _client, _config, transformer, deadline.Token);
        forwarding = false;
        // The bound's own timer, not the request's token: YARP aborts an answer that had started, which cancels that too.
        if (error != ForwarderError.None && timeout.IsCancellationRequested)
        {
            error = ForwarderError.RequestTimedOut;
        }
        metrics.UpstreamCall(context.Request.Method, error == ForwarderError.None ? context.Response.StatusCode : null,
            error == ForwarderError.None ? null : error.ToString(), Stopwatch.GetElapsedTime(started));
        return new UpstreamResult(error, context.Response.StatusCode);
    }

    /// <summary>The answers that do the gateway's own work as they start (<c>Response.OnStarting</c>): writes'.</summary>
    static bool WorksAsItsAnswerStarts(string method) => !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method);

    Task WriteForwardingProblem(HttpContext context, ForwarderError error)
    {
        var failure = context.GetForwarderErrorFeature()?.Exception;
        LogForwardFailed(logger, error, failure?.GetType().Name);
        // Whatever YARP copied from a broken answer (its length, its type) must not describe the problem.
        context.Response.Clear();
        return error switch
        {
            ForwarderError.RequestTimedOut => GatewayProblems.WriteAsync(context, StatusCodes.Status504GatewayTimeout,
                $"Agora did not answer within {Timeout.TotalSeconds:0} s."),
            ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled => Task.CompletedTask,
            ForwarderError.RequestBodyClient when BadRequest(failure) is { } bad => GatewayProblems.WriteAsync(context, bad.StatusCode,
                bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request body could not be read."),
            ForwarderError.RequestBodyClient => GatewayProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "The request body could not be read."),
            _ => GatewayProblems.WriteAsync(context, StatusCodes.Status502BadGateway, "Agora could not be reached."),
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not mint an Agora token for the upstream call ({ExceptionType})")]
    static partial void LogMintFailed(ILogger logger, string exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forwarding to Agora failed: {Error} ({ExceptionType})")]
    static partial void LogForwardFailed(ILogger logger, ForwarderError error, string? exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agora's answer ({Status}) was cut off after it had started to reach the caller: {Error}")]
    static partial void LogAnswerCutOff(ILogger logger, ForwarderError error, int status);
}
