using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Polly.CircuitBreaker;
using Gateway.Audit;
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
        // Every wait is bounded by the gateway's bound on the whole exchange (AgoraTimeBound). YARP's own bound on each
        // wait would add nothing to it but would count the gateway's own work as the answer starts, which the whole's
        // does not.
        ActivityTimeout = System.Threading.Timeout.InfiniteTimeSpan,
        Version = upstream.HttpVersion,
        VersionPolicy = upstream.HttpVersionPolicy,
    };

    readonly HttpMessageInvoker _client = clients.CreateClient(new ForwarderHttpClientContext { NewConfig = HttpClientConfig.Empty });

    /// <summary><c>Agora:TimeoutSeconds</c>: the gateway's bound on the whole exchange.</summary>
    readonly TimeSpan _timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds);

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
        else if (result.Error is ForwarderError.ResponseBodyCanceled or ForwarderError.ResponseBodyClient)
        {
            // The client left while Agora's answer was reaching it (the bound's own timeout is RequestTimedOut): the trail
            // keeps what Agora did, and that the client did not hear all of it.
            AgoraOutcome.RecordLeftMidAnswer(context);
        }
    }

    async ValueTask<UpstreamResult> SendAsync(HttpContext context, string pathAndQuery, AgoraCallCredential credential)
    {
        using var bound = new AgoraTimeBound(_timeout);
        var started = Stopwatch.GetTimestamp();
        var transformer = new AgoraRequestTransformer(pathAndQuery, credential, options.Value.AppCertificate);
        // Only writes' answers do the gateway's own work as they start; a read's bound is not looked for.
        var write = AuditRecording.IsWrite(context.Request.Method);
        if (write)
        {
            context.Features.Set(bound);
            // From here Agora may make the change, whether or not it answers or its answer is heard.
            SentToAgora.Mark(context);
        }
        var body = new ClientPacedBody.Feature(context.Features.GetRequiredFeature<IHttpResponseBodyFeature>(), bound);
        context.Features.Set<IHttpResponseBodyFeature>(body);
        context.Features.Set<IHttpUpgradeFeature>(NoProtocolSwitch.Instance);
        ForwarderError error;
        try
        {
            // YARP links the bound's token with the request's own (RequestAborted).
            error = await forwarder.SendAsync(context, upstream.BaseUrl.ToString(), _client, _config, transformer, bound.Token);
        }
        finally
        {
            context.Features.Set(body.Server);
            if (write)
            {
                context.Features.Set<AgoraTimeBound>(null);
            }
        }
        // The bound's own timer, not the request's token: YARP aborts an answer that had started, which cancels that too.
        if (error != ForwarderError.None && bound.IsCancellationRequested)
        {
            error = ForwarderError.RequestTimedOut;
        }
        var answered = error == ForwarderError.None;
        metrics.UpstreamCall(context.Request.Method, answered ? transformer.AgoraStatus ?? context.Response.StatusCode : null,
            answered ? null : error.ToString(), Stopwatch.GetElapsedTime(started));
        // The circuit counts what Agora answered, as for the gateway's own calls: an envelope with another code is no failure.
        return new UpstreamResult(error, transformer.AnsweredWithAnotherCode ? transformer.AgoraStatus!.Value : context.Response.StatusCode);
    }

    Task WriteForwardingProblem(HttpContext context, ForwarderError error)
    {
        var failure = context.GetForwarderErrorFeature()?.Exception;
        if (error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled
            || (error is ForwarderError.RequestBodyClient && ClientBody.ClientLeft(failure)))
        {
            // The client gave up or left (the bound's own timeout is RequestTimedOut): no failure of Agora's or the
            // gateway's, and no one left to answer.
            LogClientLeft(logger, error);
            ClientBody.EndAsLeft(context);
            return Task.CompletedTask;
        }
        LogForwardFailed(logger, error, failure?.GetType().Name);
        // Whatever YARP copied from a broken answer (its length, its type) must not describe the problem.
        context.Response.Clear();
        return error switch
        {
            ForwarderError.RequestTimedOut => GatewayProblems.WriteAsync(context, StatusCodes.Status504GatewayTimeout,
                $"Agora did not answer within {_timeout.TotalSeconds:0} s."),
            ForwarderError.RequestBodyClient when ClientBody.RefusalIn(failure) is { } bad => GatewayProblems.WriteAsync(context, bad.StatusCode, ClientBody.DetailOf(bad)),
            ForwarderError.RequestBodyClient => GatewayProblems.WriteAsync(context, StatusCodes.Status400BadRequest, ClientBody.Unreadable),
            // Its status and headers came, then its body broke off before any of it reached the client: as YARP copied it,
            // or as the transformer read a success's start or an error's body.
            ForwarderError.ResponseBodyDestination or ForwarderError.ResponseHeaders when BrokenOff(failure) =>
                GatewayProblems.WriteAsync(context, StatusCodes.Status502BadGateway, AgoraAnswer.BrokeOff),
            _ => GatewayProblems.WriteAsync(context, StatusCodes.Status502BadGateway, AgoraAnswer.Unreached),
        };
    }

    static bool BrokenOff(Exception? failure) => failure is IOException || failure?.InnerException is IOException;

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not mint an Agora token for the upstream call ({ExceptionType})")]
    static partial void LogMintFailed(ILogger logger, string exceptionType);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The client left before Agora answered: {Error}")]
    static partial void LogClientLeft(ILogger logger, ForwarderError error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forwarding to Agora failed: {Error} ({ExceptionType})")]
    static partial void LogForwardFailed(ILogger logger, ForwarderError error, string? exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agora's answer ({Status}) was cut off after it had started to reach the caller: {Error}")]
    static partial void LogAnswerCutOff(ILogger logger, ForwarderError error, int status);
}
