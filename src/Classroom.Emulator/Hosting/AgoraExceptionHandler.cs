using Classroom.Agora.Models;
using Microsoft.AspNetCore.Diagnostics;

namespace Classroom.Emulator.Hosting;

/// <summary>Answers an unexpected failure as Agora does, 500 with business code 500, and never with a stack trace.</summary>
sealed class AgoraExceptionHandler(TimeProvider time, ILogger<AgoraExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var failure = exception is BadHttpRequestException bad
            ? AgoraFailure.Unreadable(bad)
            : AgoraFailure.Internal;
        if (failure.Status >= StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "The emulator failed on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }
        httpContext.Response.StatusCode = failure.Status;
        var body = new AgoraError(failure.Code, failure.Message, time.GetUtcNow().ToUnixTimeMilliseconds());
        await httpContext.Response.WriteAsJsonAsync(body, cancellationToken);
        return true;
    }
}
