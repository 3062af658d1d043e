using System.Diagnostics;

namespace Gateway.Telemetry;

/// <summary>
/// The trace context a call to Agora carries (<c>traceparent</c>, <c>tracestate</c>), without baggage: a client's W3C
/// <c>baggage</c> (or its older <c>Correlation-Context</c>) is its own data, which ends at the gateway as its other headers
/// do. The runtime reads it into the request's activity whenever it starts one — traces exported, or hosting's request
/// lines logged — and <paramref name="inner"/> would write it on every call the request makes.
/// </summary>
public sealed class TraceContextOnly(DistributedContextPropagator inner) : DistributedContextPropagator
{
    public override IReadOnlyCollection<string> Fields { get; } = [.. inner.Fields.Where(field => !IsBaggage(field))];

    public override void Inject(Activity? activity, object? carrier, PropagatorSetterCallback? setter) =>
        inner.Inject(activity, carrier, setter is null ? null : (into, name, value) =>
        {
            if (!IsBaggage(name))
            {
                setter(into, name, value);
            }
        });

    static bool IsBaggage(string field) =>
        field.Equals("baggage", StringComparison.OrdinalIgnoreCase) || field.Equals("Correlation-Context", StringComparison.OrdinalIgnoreCase);

    public override void ExtractTraceIdAndState(object? carrier, PropagatorGetterCallback? getter, out string? traceId, out string? traceState) =>
        inner.ExtractTraceIdAndState(carrier, getter, out traceId, out traceState);

    public override IEnumerable<KeyValuePair<string, string?>>? ExtractBaggage(object? carrier, PropagatorGetterCallback? getter) =>
        inner.ExtractBaggage(carrier, getter);
}
