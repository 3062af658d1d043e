using Gateway.Forwarding;
using Microsoft.AspNetCore.Diagnostics;

namespace Gateway.Problems;

/// <summary>
/// The last resort: a 500 problem that says nothing of the exception; the log has it. A refusal of the client's body
/// (Kestrel's or the gateway's) is answered with its own status. A connection the client reset while its request was
/// read (a reset, or its side closed before the body's end) is no failure of the gateway's: the request ends as one the
/// client closed (499), answered to nobody, and only logged at Debug; the read can fail before the request's abort is
/// signalled.
/// </summary>
public sealed partial class UnhandledExceptionHandler(ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>The status a request that threw <paramref name="exception"/> ends with, as this handler answers it.</summary>
    public static int StatusFor(Exception exception) => exception switch
    {
        _ when ClientBody.ClientLeft(exception) => StatusCodes.Status499ClientClosedRequest,
        BadHttpRequestException bad => bad.StatusCode,
        _ => StatusCodes.Status500InternalServerError,
    };

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (ClientBody.ClientLeft(exception))
        {
            LogClientLeft(logger, httpContext.Request.Method, httpContext.Request.Path);
            ClientBody.EndAsLeft(httpContext);
            return true;
        }
        if (exception is BadHttpRequestException bad)
        {
            if (bad is ClientRefusal { Header: var (name, value) })
            {
                httpContext.Response.Headers[name] = value;
            }
            await GatewayProblems.WriteAsync(httpContext, bad.StatusCode, ClientBody.DetailOf(bad));
            return true;
        }
        logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        await GatewayProblems.WriteAsync(httpContext, StatusCodes.Status500InternalServerError, "The gateway failed to handle the request.");
        return true;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The client left (reset or closed its connection) while {Method} {Path} was read")]
    static partial void LogClientLeft(ILogger logger, string method, PathString path);
}
