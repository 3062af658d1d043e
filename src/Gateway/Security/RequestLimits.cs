using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Security;

/// <summary>
/// What one request may weigh: its request line (414) and headers (431), refused with a problem before sign-in; bodies
/// (413), enforced by Kestrel as they are read, and a body's declared length on every route, read or not. Agora's bodies
/// are small JSON; nothing the gateway forwards needs more.
/// </summary>
public static class RequestLimits
{
    public const int MaxBodyBytes = 1024 * 1024;
    public const int MaxRequestLineBytes = 8 * 1024;
    public const int MaxHeaderBytes = 32 * 1024;
    public const int MaxHeaderCount = 64;

    /// <summary>
    /// How far past the gateway's limits Kestrel reads a request head before it refuses it alone, with an answer that has
    /// no body: far enough that a head over a limit by less than the limit again gets the gateway's problem.
    /// </summary>
    public const int KestrelHeadroom = 2;

    static readonly string RequestLineTooLong = $"The request line is longer than {MaxRequestLineBytes} bytes.";
    static readonly string HeadersTooLarge = $"The request's headers are more than {MaxHeaderBytes} bytes in all, or more than {MaxHeaderCount}.";

    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;
            kestrel.Limits.MaxRequestLineSize = KestrelHeadroom * MaxRequestLineBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = KestrelHeadroom * MaxHeaderBytes;
            kestrel.Limits.MaxRequestHeaderCount = KestrelHeadroom * MaxHeaderCount;
        });
        builder.Services.PostConfigure<LoggerFilterOptions>(QuietKestrelBadRequests);
        return builder;
    }

    /// <summary>Kestrel's category for the requests it refuses as it parses them.</summary>
    public const string KestrelBadRequests = "Microsoft.AspNetCore.Server.Kestrel.BadRequests";

    /// <summary>
    /// Kestrel's categories whose lines quote a request's raw target or header before the gateway sees it: HTTP/1.1's
    /// refusals, and HTTP/2's and HTTP/3's stream resets for a <c>:path</c> they cannot take ("The request :path is
    /// invalid: '…'").
    /// </summary>
    static readonly string[] KestrelQuotingRequests =
        [KestrelBadRequests, "Microsoft.AspNetCore.Server.Kestrel.Http2", "Microsoft.AspNetCore.Server.Kestrel.Http3"];

    /// <summary>
    /// Kestrel's line for a request it cannot parse quotes the raw request line or header, a stream ticket's query or an
    /// <c>Authorization</c> header among them, before anything of the gateway's sees the request to take them out. Those
    /// lines are <c>Debug</c>, below every shipped level; this keeps them off whatever levels are configured, for every
    /// provider, each of which reads only its own rules when it has any.
    /// </summary>
    static void QuietKestrelBadRequests(LoggerFilterOptions options)
    {
        foreach (var provider in options.Rules.Select(rule => rule.ProviderName).Append(null).Distinct().ToList())
        {
            foreach (var category in KestrelQuotingRequests)
            {
                options.Rules.Add(new LoggerFilterRule(provider, category, LogLevel.Warning, filter: null));
            }
        }
    }

    /// <summary>
    /// Refuses a request line over <see cref="MaxRequestLineBytes"/> (414), and headers over <see cref="MaxHeaderBytes"/>
    /// in all or more than <see cref="MaxHeaderCount"/> lines (431), with a problem, before the caller is signed in: each
    /// counted as Kestrel counts it on the wire, a header line as its name, <c>": "</c>, its value and the line's end.
    /// </summary>
    public static IApplicationBuilder UseRequestHeadLimits(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (RequestLineBytes(context) > MaxRequestLineBytes)
            {
                return Problems.GatewayProblems.WriteAsync(context, StatusCodes.Status414UriTooLong, RequestLineTooLong);
            }
            return HeadersOverLimits(context.Request.Headers)
                ? Problems.GatewayProblems.WriteAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, HeadersTooLarge)
                : next(context);
        });

    /// <summary>The method, the target as sent, the protocol, the spaces between them and the line's end.</summary>
    static int RequestLineBytes(HttpContext context) =>
        context.Request.Method.Length + context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget.Length
            + context.Request.Protocol.Length + 4;

    static bool HeadersOverLimits(IHeaderDictionary headers)
    {
        var (lines, bytes) = (0, 0);
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                lines++;
                bytes += name.Length + (value?.Length ?? 0) + 4;
            }
        }
        return lines > MaxHeaderCount || bytes > MaxHeaderBytes;
    }

    /// <summary>
    /// Refuses, on every route, a body declared over the limit (413) or sent in a transfer coding the gateway does not
    /// decode (501, <see cref="TransferCodings"/>), once the caller is signed in and allowed (as a body's other refusals
    /// are), whether or not the route reads a body: Kestrel refuses an oversized body only as it is read, and a route that
    /// takes none would answer as if it had not come. Both are judged from the headers in one step, so nothing of the body
    /// is read and a client that asks first (<c>Expect: 100-continue</c>) sends none.
    /// </summary>
    public static IApplicationBuilder UseDeclaredBodyChecks(this IApplicationBuilder app) =>
        app.Use((context, next) => context.Request.ContentLength > MaxBodyBytes
            ? Problems.GatewayProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, Forwarding.ClientBody.TooLarge)
            : !TransferCodings.AreNoneOrChunkedAlone(context.Request.Headers.TransferEncoding)
                ? Problems.GatewayProblems.WriteAsync(context, StatusCodes.Status501NotImplemented, TransferCodings.NotChunkedAlone)
                : next(context));
}
