using System.Diagnostics;
using System.Diagnostics.Metrics;
using Gateway.Resilience;
using Gateway.Upstream;
using Polly.CircuitBreaker;

namespace Gateway.Telemetry;

/// <summary>
/// The gateway's own instruments, in the <c>Classroom.Gateway</c> meter (served at <c>/metrics</c> beside ASP.NET
/// Core's request metrics): upstream latency, tokens minted, cache lookups, the event poller's lag, the circuit, and
/// which of Agora's hosts calls go to.
/// </summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "Classroom.Gateway";

    /// <summary>The buckets OpenTelemetry recommends for HTTP durations in seconds; its default ones suit milliseconds.</summary>
    static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    readonly Histogram<double> _upstreamDuration;
    readonly Counter<long> _tokensMinted;
    readonly Counter<long> _cacheLookups;
    readonly Gauge<double> _pollerLag;
    readonly Counter<long> _redisRefusals;
    readonly Counter<long> _loopFailures;
    readonly UpDownCounter<long> _openStreams;
    readonly Counter<long> _droppedStreams;
    readonly Counter<long> _pollsGivenUp;
    readonly Counter<long> _eventsDropped;
    readonly Counter<long> _auditDropped;
    readonly Counter<long> _auditWriteFailures;

    public GatewayMetrics(IMeterFactory meters, UpstreamCircuitBreaker breaker, AgoraHosts hosts)
    {
        var meter = meters.Create(MeterName);
        _upstreamDuration = meter.CreateHistogram<double>("gateway.upstream.duration", "s",
            "How long Agora took to answer one call, forwarded or the gateway's own, headers and body.", tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _tokensMinted = meter.CreateCounter<long>("gateway.rtm_tokens.minted", "{token}", "Agora tokens minted: RTM, room-user and the gateway's app token.");
        _cacheLookups = meter.CreateCounter<long>("gateway.cache.lookups", "{lookup}", "Cache lookups, by cache and result.");
        _pollerLag = meter.CreateGauge<double>("gateway.events.poller.lag", "s",
            "Time between the event poller's last two successful polls of Agora's queue: about the poll interval while all "
            + "is well; after failures and backoff, the whole gap, once a poll succeeds again.");
        _redisRefusals = meter.CreateCounter<long>("gateway.redis.refusals", "{command}",
            "Redis commands that Redis (or its client library) refused, by kind: a fault to fix, not an outage to wait out.");
        _loopFailures = meter.CreateCounter<long>("gateway.background.failures", "{failure}",
            "Failures of a background loop other than an outage it waits out, by loop and kind; the loop retries with backoff.");
        _openStreams = meter.CreateUpDownCounter<long>("gateway.events.streams.open", "{stream}", "Room event streams open on this instance.");
        _droppedStreams = meter.CreateCounter<long>("gateway.events.streams.dropped", "{stream}",
            "Room event streams cut off because their client fell too far behind.");
        _pollsGivenUp = meter.CreateCounter<long>("gateway.events.polls.given_up", "{poll}",
            "Polls of Agora's event queue given up before their answer was read (Agora's time bound passed): the events Agora "
            + "handed to them, if any, are lost, and how many cannot be known.");
        _eventsDropped = meter.CreateCounter<long>("gateway.events.dropped", "{event}",
            "Polled events dropped before they could be stored: a graceful stop that could not reach the event log.");
        _auditDropped = meter.CreateCounter<long>("gateway.audit.dropped", "{entry}",
            "Audit entries dropped: the queue waiting for the trail's storage was full, or they were still unwritten when a "
            + "graceful stop's time to write them ran out.");
        _auditWriteFailures = meter.CreateCounter<long>("gateway.audit.write_failures", "{failure}",
            "Failed attempts to write queued audit entries to the trail's storage; each is retried.");
        meter.CreateObservableGauge("gateway.upstream.circuit.open", () => breaker.State == CircuitState.Closed ? 0 : 1, "{circuit}",
            "1 from the moment the circuit to Agora opens until a probe closes it: while calls are refused without trying, and "
            + "while the probe is out.");
        meter.CreateObservableGauge("gateway.upstream.host", () => PerHost(host => hosts.InUse.Host == host ? 1 : 0), "{host}",
            "1 for the Agora host calls go to now (agora.host primary or backup), 0 for the other.");
        meter.CreateObservableCounter("gateway.upstream.host.switches", () => PerHost(hosts.SwitchesTo), "{switch}",
            "How many times calls to Agora moved to this host (agora.host backup: the primary failed; primary: it answered a probe).");
    }

    static Measurement<long>[] PerHost(Func<AgoraHost, long> value) =>
    [
        new(value(AgoraHost.Primary), new KeyValuePair<string, object?>("agora.host", "primary")),
        new(value(AgoraHost.Backup), new KeyValuePair<string, object?>("agora.host", "backup")),
    ];

    /// <summary>
    /// One call to Agora: the status Agora answered it with (not what the gateway made of it), or the kind of error that
    /// ended it. The method is named in its canonical spelling, whatever the client's case, as the framework's request
    /// metric names it.
    /// </summary>
    public void UpstreamCall(string method, int? status, string? error, TimeSpan duration)
    {
        var tags = new TagList { { "http.request.method", HttpMethods.GetCanonicalizedValue(method) } };
        if (status is { } code)
        {
            tags.Add("http.response.status_code", code);
        }
        if (error is not null)
        {
            tags.Add("error.type", error);
        }
        _upstreamDuration.Record(duration.TotalSeconds, tags);
    }

    public void TokenMinted() => _tokensMinted.Add(1);

    /// <summary>For every cache read: <paramref name="hit"/> when it was answered from the cache.</summary>
    public void CacheLookup(bool hit, string cache = "resources") =>
        _cacheLookups.Add(1, new("cache.name", cache), new("cache.result", hit ? "hit" : "miss"));

    public void StreamOpened() => _openStreams.Add(1);

    public void StreamClosed() => _openStreams.Add(-1);

    public void StreamDropped() => _droppedStreams.Add(1);

    public void RedisRefused(string kind) => _redisRefusals.Add(1, new KeyValuePair<string, object?>("error.type", kind));

    public void LoopFailed(string loop, string kind) =>
        _loopFailures.Add(1, new("loop", loop), new("error.type", kind));

    public void PollGivenUp() => _pollsGivenUp.Add(1);

    public void EventsDropped(int count) => _eventsDropped.Add(count);

    public void AuditDropped(int count = 1) => _auditDropped.Add(count);

    public void AuditWriteFailed() => _auditWriteFailures.Add(1);

    /// <summary>For the event poller after each successful poll: the time since the previous one.</summary>
    public void ReportPollerLag(TimeSpan lag) => _pollerLag.Record(Math.Max(0, lag.TotalSeconds));
}
