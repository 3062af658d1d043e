namespace Gateway.OpenApi;

/// <summary>Every error the gateway answers, as <c>application/problem+json</c> (RFC 9457 with Agora's code and msg).</summary>
public sealed record GatewayProblem
{
    /// <summary>A URI naming the kind of problem: the HTTP status's section of RFC 9110.</summary>
    public required string Type { get; init; }

    /// <summary>The status's title (ASP.NET Core's for the status; for a 400 with <c>errors</c>, "One or more validation errors occurred.").</summary>
    public required string Title { get; init; }

    /// <summary>The HTTP status.</summary>
    public required int Status { get; init; }

    /// <summary>What went wrong, in words: every problem says it, the title's words where there is no more to say.</summary>
    public required string Detail { get; init; }

    /// <summary>
    /// The request's id, as its <c>X-Request-Id</c> answer header, to find it in the gateway's logs; where traces are
    /// exported (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>), the W3C id of the request's trace (<c>00-{trace id}-{span id}-{flags}</c>).
    /// </summary>
    public required string TraceId { get; init; }

    /// <summary>Agora's business code where the upstream gave one, else the HTTP status.</summary>
    public required int Code { get; init; }

    /// <summary>Agora's message where the upstream gave one, else the detail.</summary>
    public required string Msg { get; init; }

    /// <summary>Validation errors only: each refused field with its messages.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }
}
