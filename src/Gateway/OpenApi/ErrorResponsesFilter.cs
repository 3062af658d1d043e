using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway.OpenApi;

/// <summary>
/// Gives every operation the errors its shape implies, each as a <see cref="GatewayProblem"/>: 400 where it takes
/// input, 413, 414, 431 and 501 everywhere and 408 and 415 where it takes a body, 401, 429 and 503 (the school's authority out of
/// reach) where it needs a sign-in, 403 where a policy applies, Agora's 404 and the upstream failures
/// where it calls Agora (<see cref="Upstream.CallsAgora"/>), 500 everywhere; plus those a route declares with <c>ProducesAgoraProblem</c>.
/// </summary>
public sealed class ErrorResponsesFilter : IOperationFilter
{
    public const string ProblemContentType = "application/problem+json";

    /// <summary>What a request head far over a limit gets: Kestrel's own answer, given before anything of the gateway's runs.</summary>
    public const string KestrelAlone = "the server refuses it as it reads it, before the gateway sees the request: that answer has no body and no `X-Request-Id`.";

    static readonly Dictionary<int, string> Descriptions = new()
    {
        [400] = "The request is not valid: `errors` names each refused field, and nothing was forwarded. Where the route calls Agora, "
            + "Agora's own refusal of a value the gateway passes on unchecked (an opaque `nextId`, say) is a 400 too, without `errors`.",
        [401] = "No valid school JWT: missing, expired, of another issuer or audience, or of a refused algorithm.",
        [403] = "The caller's role, or a room outside the caller's rooms, does not allow this.",
        [404] = "Agora: the classroom, user or resource does not exist.",
        [408] = "The request body came too slowly: under Kestrel's minimum data rate (240 bytes a second) once its first 5 seconds had passed.",
        [409] = "Agora: the classroom or recording is not in a state that allows this.",
        [413] = "The request body is over 1 MiB: on any route, a body whose `Content-Length` says so; on a route that reads its body, one that "
            + "grows past it.",
        [414] = $"The request line (method, path and query) is longer than {Security.RequestLimits.MaxRequestLineBytes / 1024} KiB; past "
            + $"{Security.RequestLimits.KestrelHeadroom * Security.RequestLimits.MaxRequestLineBytes / 1024} KiB {KestrelAlone}",
        [415] = "The request body is not `application/json`, or comes in a content coding (`Accept-Encoding: identity` says to send it as it is).",
        [431] = $"The request's headers are more than {Security.RequestLimits.MaxHeaderBytes / 1024} KiB in all, or more than "
            + $"{Security.RequestLimits.MaxHeaderCount}; past {Security.RequestLimits.KestrelHeadroom * Security.RequestLimits.MaxHeaderBytes / 1024} KiB "
            + $"or {Security.RequestLimits.KestrelHeadroom * Security.RequestLimits.MaxHeaderCount} {KestrelAlone}",
        [429] = "Too many requests: the caller's limit (`RateLimit:PermitsPerMinute`) or Agora's call frequency limit for the app. `Retry-After` says when to try again.",
        [500] = "The gateway failed to handle the request, or Agora answered 500.",
        [501] = "The request body comes in a transfer coding the gateway does not decode (`Transfer-Encoding: gzip, chunked`, say): "
            + "send it with `Transfer-Encoding: chunked` alone, or with a `Content-Length`.",
        [502] = "Agora could not be reached, or its answer was not one the gateway can use: not HTTP, or a success that is not Agora's envelope with code 0 (not JSON, empty, a 204, or JSON whose start is not an object with that `code`; another `code` is the problem's `code`).",
        [503] = "Agora answered 503 or is unavailable (the gateway stops calling it for a while after repeated failures), or no RTM token could be minted for the caller.",
        [504] = "Agora did not answer within `Agora:TimeoutSeconds`.",
    };

    static readonly Dictionary<int, string> AgoraCodeNames = new()
    {
        [AgoraCodes.RoomMuted] = "room muted",
        [AgoraCodes.UserBanned] = "user kicked and kept out for a while",
        [AgoraCodes.RoomNotFound] = "classroom does not exist",
        [AgoraCodes.UserNotFound] = "user does not exist",
        [AgoraCodes.ClassAlreadyStarted] = "class already started",
        [AgoraCodes.ClassAlreadyEnded] = "class already ended",
        [AgoraCodes.RecordingNotStarted] = "recording not started",
        [AgoraCodes.RecordingNotEnded] = "recording not ended",
    };

    static readonly int[] UpstreamStatuses = [404, 502, 503, 504];

    /// <summary>
    /// What a route that needs a sign-in answers for it: no valid JWT, the caller's rate, the school's authority out of
    /// reach (<c>Auth:Authority</c>), whose keys no JWT can be checked without.
    /// </summary>
    public static readonly int[] SignInRefusals =
        [StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable];

    /// <summary>What a request is refused for as its body is read: one that comes too slowly, or not as JSON.</summary>
    public static readonly int[] BodyRefusals = [StatusCodes.Status408RequestTimeout, StatusCodes.Status415UnsupportedMediaType];

    /// <summary>
    /// What any request may be refused for, whatever its route: its body's declared length or transfer coding, its request
    /// line, its headers.
    /// </summary>
    static readonly int[] EveryRoute =
        [StatusCodes.Status413PayloadTooLarge, StatusCodes.Status414UriTooLong, StatusCodes.Status431RequestHeaderFieldsTooLarge,
            StatusCodes.Status501NotImplemented];

    /// <summary>The statuses that carry <c>Retry-After</c>, and when.</summary>
    static readonly Dictionary<int, string> RetryAfter = new()
    {
        [429] = "Seconds to wait before the next request.",
        [503] = "Seconds until the gateway calls Agora again, while it holds calls back after repeated failures (or as Agora's own 503 said).",
    };

    /// <summary><c>Retry-After</c> of a 503 of a route that reads only Redis (the event log, the audit trail).</summary>
    const string RedisRetryAfter = "Seconds until this instance tries Redis again after a failure.";

    /// <summary>The 503 of a route that needs a sign-in, while the school's authority cannot be reached: its only one, or one more.</summary>
    const string AuthorityUnreachable = "The school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked. "
        + "`Retry-After` says when to try again.";

    const string AlsoAuthorityUnreachable = " Or the school's sign-in authority (`Auth:Authority`) cannot be reached, so no JWT can be checked.";

    const string AuthorityRetryAfter = "While the sign-in authority cannot be reached: seconds to wait before trying again.";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var declared = metadata.OfType<AgoraProblemMetadata>().ToList();
        var statuses = new SortedSet<int>(declared.Select(d => d.Status)) { 500 };
        if (context.ApiDescription.ParameterDescriptions.Count > 0 || metadata.OfType<Forwarding.RequestTargetFilter.SoundTarget>().Any())
        {
            statuses.Add(400);
        }
        if (context.ApiDescription.ParameterDescriptions.Any(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Body))
        {
            statuses.UnionWith(BodyRefusals);
        }
        if (RouteAccess.RequiresSignIn(metadata))
        {
            statuses.UnionWith(SignInRefusals);
        }
        if (RouteAccess.Policies(metadata).Any())
        {
            statuses.Add(403);
        }
        var callsAgora = metadata.OfType<Upstream.CallsAgora>().Any();
        if (callsAgora)
        {
            statuses.UnionWith(UpstreamStatuses);
        }
        Add(operation, context.SchemaGenerator.GenerateSchema(typeof(GatewayProblem), context.SchemaRepository), statuses, declared, callsAgora);
        if (metadata.OfType<Events.AcceptsStreamTickets>().Any() && operation.Responses?["401"] is OpenApiResponse unauthorized)
        {
            unauthorized.Description += TicketRefused;
        }
    }

    /// <summary>What a 401 of a route that takes a stream ticket in place of a JWT may also be.</summary>
    const string TicketRefused = " Or, in place of a JWT, a `ticket` that is " + Events.EventTicketHandler.Refusal + ": ask for a new one.";

    public static void Add(OpenApiOperation operation, DocumentFilterContext context, IEnumerable<int> statuses, bool callsAgora) =>
        Add(operation, context.SchemaGenerator.GenerateSchema(typeof(GatewayProblem), context.SchemaRepository), statuses, [], callsAgora);

    /// <summary>
    /// Adds <paramref name="statuses"/> and 413, 414, 431 and 501 (as on every route) as problem responses, each described and with an
    /// example; a 503 of an operation that calls Agora may carry <c>Retry-After</c> (the circuit breaker's), one of a
    /// route that reads Redis alone or needs a sign-in (a 401 among its statuses) and a 429 always do.
    /// </summary>
    static void Add(OpenApiOperation operation, IOpenApiSchema problem, IEnumerable<int> statuses, IReadOnlyList<AgoraProblemMetadata> declared,
        bool callsAgora)
    {
        operation.Responses ??= [];
        var signIn = statuses.Contains(StatusCodes.Status401Unauthorized);
        // Any request may carry a body, and one declared over the limit or in a transfer coding is refused before any route,
        // as is a request line or headers over theirs (RequestLimits, TransferCodings).
        foreach (var status in statuses.Union(EveryRoute).Order())
        {
            var codes = declared.Where(d => d.Status == status).SelectMany(d => d.Codes).Distinct().ToList();
            var declaredHere = declared.Any(d => d.Status == status);
            var description = declared.FirstOrDefault(d => d.Status == status && d.Description is not null)?.Description
                ?? (status != StatusCodes.Status503ServiceUnavailable || callsAgora || declaredHere ? Describe(status, codes) : null);
            if (status == StatusCodes.Status503ServiceUnavailable && signIn)
            {
                description = description is null ? AuthorityUnreachable : description + AlsoAuthorityUnreachable;
            }
            var response = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, IOpenApiMediaType>
                {
                    [ProblemContentType] = new OpenApiMediaType
                    {
                        Schema = problem,
                        Example = Example(status, codes.Count > 0 ? codes[0] : null),
                    },
                },
            };
            if (RetryAfter.TryGetValue(status, out var retryAfter))
            {
                if (status == StatusCodes.Status503ServiceUnavailable)
                {
                    retryAfter = string.Join(" ", new[] { callsAgora ? retryAfter : declaredHere ? RedisRetryAfter : null, signIn ? AuthorityRetryAfter : null }
                        .OfType<string>());
                }
                response.Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Retry-After"] = new OpenApiHeader
                    {
                        Description = retryAfter,
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0", Maximum = int.MaxValue.ToString(CultureInfo.InvariantCulture) },
                    },
                };
            }
            if (status == StatusCodes.Status401Unauthorized && callsAgora)
            {
                response.Description += AgoraRefusedTheGateway;
            }
            operation.Responses[status.ToString(CultureInfo.InvariantCulture)] = response;
        }
        if (callsAgora)
        {
            // Agora's errors keep their status, so a route that calls it may answer any: those it is not known for too.
            operation.Responses["default"] = new OpenApiResponse
            {
                Description = "Any other status Agora answered (a 409 where Agora's state forbids the call, say), kept as a problem with "
                    + "Agora's business code in `code` and its message in `msg`.",
                Content = new Dictionary<string, IOpenApiMediaType>
                {
                    [ProblemContentType] = new OpenApiMediaType { Schema = problem, Example = Example(StatusCodes.Status409Conflict, AgoraCodes.ClassAlreadyEnded) },
                },
            };
        }
    }

    /// <summary>What a 401 of a route that calls Agora may also be: Agora's own, kept as every Agora error is.</summary>
    const string AgoraRefusedTheGateway = " Or Agora refused the gateway's own credential (its app id or certificate is not Agora's): "
        + "another JWT will not help, the gateway's operator must fix its settings.";

    static string Describe(int status, IReadOnlyList<int> codes)
    {
        var text = Descriptions.TryGetValue(status, out var known) ? known : ReasonPhrases.GetReasonPhrase(status);
        return codes.Count == 0
            ? text
            : text + " Agora codes: " + string.Join("; ", codes.Select(c => $"`{c}` {AgoraCodeNames.GetValueOrDefault(c, "")}".TrimEnd())) + ".";
    }

    static JsonObject Example(int status, int? agoraCode)
    {
        var title = status == 400 ? new HttpValidationProblemDetails().Title : Problems.GatewayProblems.Title(status);
        // Agora's refusal as the gateway writes it: its message in `msg`, and said to be Agora's in `detail`.
        var message = agoraCode is { } code && AgoraCodeNames.TryGetValue(code, out var name) ? name : null;
        var detail = message is not null ? Forwarding.AgoraRequestTransformer.UpstreamDetail(status, message)
            : status == 400 ? "The request is not valid." : title;
        var example = new JsonObject
        {
            ["type"] = Problems.GatewayProblems.TypeOf(status),
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["traceId"] = "4bf92f3577b34da6a3ce929d0e0e4736",
            ["code"] = agoraCode ?? status,
            ["msg"] = message ?? detail,
        };
        if (status == 400)
        {
            example["errors"] = new JsonObject { ["roomUuid"] = new JsonArray(Classroom.Agora.Validation.AgoraIds.Rule) };
        }
        return example;
    }
}

/// <summary>Who may call a route, read from its authorization metadata.</summary>
static class RouteAccess
{
    public static bool RequiresSignIn(IEnumerable<object> metadata) =>
        metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();

    public static IEnumerable<string> Policies(IEnumerable<object> metadata) =>
        RequiresSignIn(metadata) ? metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct() : [];
}
