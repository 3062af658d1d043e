using Gateway.Forwarding;
using Microsoft.AspNetCore.Diagnostics;

namespace Gateway.Problems;

/// <summary>
/// The last resort: a 500 problem that says nothing of the exception; the log has it. A refusal of the client's body
/// (Kestrel's or the gateway's) is answered with its own status.
/// </summary>
public sealed class UnhandledExceptionHandler(ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException bad)
        {
            await GatewayProblems.WriteAsync(httpContext, bad.StatusCode, ClientBody.DetailOf(bad));
            return true;
        }
        logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        await GatewayProblems.WriteAsync(httpContext, StatusCodes.Status500InternalServerError, "The gateway failed to handle the request.");
        return true;
    }
}
