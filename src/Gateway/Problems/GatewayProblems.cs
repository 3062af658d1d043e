using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Gateway.Problems;

/// <summary>
/// The one error shape (RFC 9457) with Agora's <c>code</c> and <c>msg</c> beside it: the upstream business code where
/// there was one, else the HTTP status. Every problem the gateway answers is made here — by handlers as a result
/// (<see cref="Result"/>, <see cref="Invalid(IReadOnlyDictionary{string, string[]})"/>), by middleware and the
/// forwarder written at once (<see cref="WriteAsync"/>) — and completed in one place by ASP.NET Core's
/// <see cref="IProblemDetailsService"/>. No exception text, stack or secret ever reaches it.
/// </summary>
public static class GatewayProblems
{
    public const string CodeKey = "code";
    public const string MsgKey = "msg";
    const string TraceIdKey = "traceId";

    /// <summary>Where the types ASP.NET Core gives problems by default begin.</summary>
    const string FrameworkTypes = "https://tools.ietf.org/html/rfc9110#";

    public static IServiceCollection AddGatewayProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context => Complete(context.ProblemDetails, context.HttpContext));
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonForAnyAccept>(); // after ASP.NET Core's own, which it backs
        services.AddExceptionHandler<UnhandledExceptionHandler>();
        return services;
    }

    /// <summary>A handler's error answer; <paramref name="code"/>, when given, is Agora's business code in place of the status.</summary>
    public static ProblemHttpResult Result(int status, string detail, int? code = null)
    {
        var problem = Create(status, detail);
        if (code is not null)
        {
            problem.Extensions[CodeKey] = code.Value;
        }
        return TypedResults.Problem(problem);
    }

    /// <summary>A handler's answer to input that breaks the rules: 400 with <c>errors</c>, field → messages.</summary>
    public static ProblemHttpResult Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Status = StatusCodes.Status400BadRequest,
            Detail = "The request is not valid.",
        });

    public static ProblemHttpResult Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>A handler's 429, with <c>Retry-After</c> saying when to try again.</summary>
    public static ProblemHttpResult TooManyRequests(HttpContext context, string detail, TimeSpan retryAfter)
    {
        SetRetryAfter(context, retryAfter);
        return Result(StatusCodes.Status429TooManyRequests, detail);
    }

    /// <summary>A handler's 503 while a store it reads is out of reach, with <c>Retry-After</c> saying when to try again.</summary>
    public static ProblemHttpResult Unavailable(HttpContext context, string detail, TimeSpan retryAfter)
    {
        SetRetryAfter(context, retryAfter);
        return Result(StatusCodes.Status503ServiceUnavailable, detail);
    }

    /// <summary>
    /// <c>Retry-After</c> in whole seconds, one at least and at most what the document's 32-bit integer holds: Agora's own
    /// may be a date centuries off, which a client reading the header as the document types it could not take.
    /// </summary>
    static void SetRetryAfter(HttpContext context, TimeSpan wait) =>
        context.Response.Headers.RetryAfter = Math.Clamp(Math.Ceiling(wait.TotalSeconds), 1, int.MaxValue).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Writes a problem now, where no handler answers: the forwarder, sign-in, authorization, the rate limiter, the
    /// exception handler. <paramref name="retryAfter"/>, when given, becomes <c>Retry-After</c> in whole seconds.
    /// </summary>
    public static Task WriteAsync(HttpContext context, int status, string detail, int? code = null, string? msg = null,
        TimeSpan? retryAfter = null)
    {
        context.Response.StatusCode = status;
        if (retryAfter is { } wait)
        {
            SetRetryAfter(context, wait);
        }
        var problem = Create(status, detail);
        if (code is not null)
        {
            problem.Extensions[CodeKey] = code.Value;
        }
        if (msg is not null)
        {
            problem.Extensions[MsgKey] = msg;
        }
        var writer = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        return writer.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }).AsTask();
    }

    static ProblemDetails Create(int status, string detail) => new() { Status = status, Detail = detail };

    /// <summary>
    /// The title of a problem of <paramref name="status"/>: ASP.NET Core's own writer gives it from the framework's table
    /// before <see cref="Complete"/> runs, so the writer for any <c>Accept</c> takes it from there too.
    /// A status no RFC names (an upstream's 520, say) has no phrase: its title is its class's, as RFC 9110 §15 has a client
    /// treat it.
    /// </summary>
    public static string Title(int status)
    {
        var title = TypedResults.Problem(statusCode: status).ProblemDetails.Title ?? ReasonPhrases.GetReasonPhrase(status);
        return title.Length > 0 ? title : status switch
        {
            >= 400 and < 500 => "Client Error",
            >= 500 and < 600 => "Server Error",
            _ => "Error",
        };
    }

    /// <summary>
    /// The <c>type</c> of a problem of <paramref name="status"/>: the section that defines the status. RFC 9110 defines most;
    /// 428, 429, 431 and 511 are RFC 6585's, and RFC 9110 has no section of theirs to link to; a status no RFC defines gets
    /// RFC 9110's section of its class.
    /// </summary>
    public static string TypeOf(int status) => status switch
    {
        428 => "https://www.rfc-editor.org/rfc/rfc6585.html#section-3",
        429 => "https://www.rfc-editor.org/rfc/rfc6585.html#section-4",
        431 => "https://www.rfc-editor.org/rfc/rfc6585.html#section-5",
        511 => "https://www.rfc-editor.org/rfc/rfc6585.html#section-6",
        _ when Rfc9110Defines(status) => $"https://httpwg.org/specs/rfc9110.html#status.{status}",
        // A status no RFC defines (an upstream's 520, say): RFC 9110's section of its class, which says how to read it.
        _ => $"https://httpwg.org/specs/rfc9110.html#status.{status / 100}xx",
    };

    /// <summary>The statuses RFC 9110 gives a section of their own (§15.2 to §15.6).</summary>
    static bool Rfc9110Defines(int status) => status is 100 or 101 or (>= 200 and <= 206) or (>= 300 and <= 308)
        or (>= 400 and <= 418) or 421 or 422 or 426 or (>= 500 and <= 505);

    /// <summary>Fills what every problem carries: title and type from the status, trace id, code and msg.</summary>
    static void Complete(ProblemDetails problem, HttpContext context)
    {
        problem.Status ??= context.Response.StatusCode;
        problem.Title ??= Title(problem.Status.Value);
        // One type per status whichever writer answers: ASP.NET Core's own fills in links of its own before this runs,
        // the writer for any Accept does not.
        if (problem.Type is null || problem.Type.StartsWith(FrameworkTypes, StringComparison.Ordinal))
        {
            problem.Type = TypeOf(problem.Status.Value);
        }
        problem.Detail ??= problem.Status switch
        {
            StatusCodes.Status404NotFound => "No route of the gateway answers this path.",
            StatusCodes.Status405MethodNotAllowed => "The route does not take this method; Allow names those it takes.",
            _ => problem.Title,
        };
        // Every 401 names a challenge (RFC 9110), Agora's kept ones too, which come without one: the gateway's own scheme.
        if (problem.Status == StatusCodes.Status401Unauthorized && !context.Response.Headers.ContainsKey(HeaderNames.WWWAuthenticate))
        {
            context.Response.Headers.WWWAuthenticate = JwtBearerDefaults.AuthenticationScheme;
        }
        // One order whoever made the problem and set what first: traceId, code, msg, then any other member.
        var code = problem.Extensions.TryGetValue(CodeKey, out var agoraCode) ? agoraCode : problem.Status;
        var msg = problem.Extensions.TryGetValue(MsgKey, out var agoraMsg) ? agoraMsg : problem.Detail ?? problem.Title;
        var others = problem.Extensions.Where(member => member.Key is not (TraceIdKey or CodeKey or MsgKey)).ToArray();
        problem.Extensions.Clear();
        problem.Extensions[TraceIdKey] = TraceIdOf(context);
        problem.Extensions[CodeKey] = code;
        problem.Extensions[MsgKey] = msg;
        foreach (var (key, value) in others)
        {
            problem.Extensions[key] = value;
        }
        context.Features.Set(new AnsweredProblem(code is int business ? business : problem.Status.Value));
    }

    /// <summary>
    /// The trace a problem names: the request's span while one is recorded and a listener takes it (traces exported),
    /// else the request id. The runtime also starts an activity when hosting's request lines are logged, which no one
    /// exports and no one could look up.
    /// </summary>
    static string TraceIdOf(HttpContext context) =>
        Activity.Current is { Recorded: true } activity && activity.Source.HasListeners() ? activity.Id! : context.TraceIdentifier;
}
