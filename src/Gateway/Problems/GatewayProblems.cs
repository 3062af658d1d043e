using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Gateway.Problems;

/// <summary>
/// The one error shape (RFC 9457) with Agora's <c>code</c> and <c>msg</c> beside it: the upstream business
/// code where there was one, else the HTTP status. No exception text, stack or secret ever reaches it.
/// </summary>
public static class GatewayProblems
{
    public const string CodeKey = "code";
    public const string MsgKey = "msg";

    public static IServiceCollection AddGatewayProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context => Complete(context.ProblemDetails, context.HttpContext));
        services.AddExceptionHandler<UnhandledExceptionHandler>();
        return services;
    }

    public static ProblemDetails Create(int status, string? detail, int? code = null, string? msg = null)
    {
        var problem = new ProblemDetails { Status = status, Detail = detail };
        if (code is not null)
        {
            problem.Extensions[CodeKey] = code.Value;
        }
        if (msg is not null)
        {
            problem.Extensions[MsgKey] = msg;
        }
        return problem;
    }

    public static HttpValidationProblemDetails CreateValidation(IDictionary<string, string[]> errors) =>
        new(errors) { Status = StatusCodes.Status400BadRequest, Detail = "The request is not valid." };

    public static Task Write(HttpContext context, int status, string? detail, int? code = null, string? msg = null) =>
        Write(context, Create(status, detail, code, msg));

    public static async Task Write(HttpContext context, ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        var writer = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await writer.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    /// <summary>Fills what every problem carries: title and type from the status, trace id, code and msg.</summary>
    static void Complete(ProblemDetails problem, HttpContext context)
    {
        problem.Status ??= context.Response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        problem.Type ??= $"https://httpwg.org/specs/rfc9110.html#status.{problem.Status}";
        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.TraceIdentifier;
        problem.Extensions.TryAdd(CodeKey, problem.Status);
        problem.Extensions.TryAdd(MsgKey, problem.Detail ?? problem.Title);
    }
}

/// <summary>The last resort: a 500 problem that says nothing of the exception; the log has it.</summary>
public sealed class UnhandledExceptionHandler(ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException bad)
        {
            await GatewayProblems.Write(httpContext, bad.StatusCode, "The request could not be read.");
            return true;
        }
        logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        await GatewayProblems.Write(httpContext, StatusCodes.Status500InternalServerError, "The gateway failed to handle the request.");
        return true;
    }
}
