namespace Gateway.OpenApi;

/// <summary>
/// What a route answers, declared beside it in one line: Agora's envelope with its typed <c>data</c>, and the Agora
/// business codes its errors carry. The standard errors (validation, sign-in, policy, rate limit, upstream) the
/// document adds by itself from the route's shape (<see cref="ErrorResponsesFilter"/>).
/// </summary>
public static class ResponseConventions
{
    public static RouteHandlerBuilder ProducesAgora<TData>(this RouteHandlerBuilder route) =>
        route.Produces<AgoraEnvelope<TData>>(StatusCodes.Status200OK);

    /// <summary>A success that carries no <c>data</c>, as Agora answers its writes.</summary>
    public static RouteHandlerBuilder ProducesAgora(this RouteHandlerBuilder route) =>
        route.Produces<AgoraEmptyEnvelope>(StatusCodes.Status200OK);

    /// <summary>Says that <paramref name="parameter"/> takes only <paramref name="values"/>; the handler refuses others with 400.</summary>
    public static RouteHandlerBuilder Accepts(this RouteHandlerBuilder route, string parameter, params int[] values) =>
        route.WithMetadata(new ParameterValuesMetadata(parameter, values));

    /// <summary>Says that successful answers carry the header <paramref name="name"/>, with one of <paramref name="values"/>.</summary>
    public static RouteHandlerBuilder ProducesHeader(this RouteHandlerBuilder route, string name, string description, params string[] values) =>
        route.WithMetadata(new ResponseHeaderMetadata(name, description, values));

    /// <summary>A cached read: <c>X-Cache-Status</c> says whether the gateway's cache answered.</summary>
    public static RouteHandlerBuilder ProducesCacheStatus(this RouteHandlerBuilder route) =>
        route.ProducesHeader(Resources.ResourceListResult.CacheStatusHeader,
            "`HIT`: answered from the gateway's cache; `MISS`: asked of Agora (and kept for the next read).", "HIT", "MISS");

    /// <summary>A 200 answer that a caller may also ask for as text of <paramref name="contentType"/> (<see cref="TextAnswerFilter"/>).</summary>
    public static RouteHandlerBuilder ProducesText(this RouteHandlerBuilder route, string contentType, string description, string example) =>
        route.WithMetadata(new TextAnswer(contentType, description, example));

    public static RouteHandlerBuilder ProducesAgoraProblem(this RouteHandlerBuilder route, int status, params int[] agoraCodes) =>
        route.WithMetadata(new AgoraProblemMetadata(status, agoraCodes));

    /// <summary>An error status the route answers for reasons of its own, which <paramref name="description"/> states.</summary>
    public static RouteHandlerBuilder ProducesAgoraProblem(this RouteHandlerBuilder route, int status, string description) =>
        route.WithMetadata(new AgoraProblemMetadata(status, [], description));
}

/// <summary>An error status a route may answer, with the Agora business codes it carries there, or a description of its own.</summary>
public sealed record AgoraProblemMetadata(int Status, IReadOnlyList<int> Codes, string? Description = null);
