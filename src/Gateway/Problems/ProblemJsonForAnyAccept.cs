using Microsoft.AspNetCore.Mvc;

namespace Gateway.Problems;

/// <summary>
/// The writer of last resort: ASP.NET Core's own writes a problem only to a caller whose <c>Accept</c> takes JSON, so a
/// refusal of a call that asked for CSV would be no answer at all (the service throws, the caller gets a bare 500).
/// Every problem is problem+json, with the same completion, whatever the caller asked for.
/// </summary>
public sealed class ProblemJsonForAnyAccept(IOptions<ProblemDetailsOptions> problems, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    : IProblemDetailsWriter
{
    public const string ContentType = "application/problem+json";

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        problems.Value.CustomizeProblemDetails?.Invoke(context);
        var problem = context.ProblemDetails;
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions, ContentType));
    }
}
