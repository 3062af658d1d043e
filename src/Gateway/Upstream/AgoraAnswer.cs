using System.Reflection;
using System.Text.Json;
using Gateway.Problems;
using Microsoft.AspNetCore.Http.Metadata;

namespace Gateway.Upstream;

/// <summary>
/// How one of the gateway's own calls to Agora ended: Agora's answer (status, body, business code), or no answer at
/// all — then the status and detail of the problem the client gets (502, 503 with <see cref="RetryAfter"/>, 504).
/// </summary>
public sealed record AgoraAnswer(int Status, string? ContentType, byte[] Body, int? Code, string? Msg, string Detail, TimeSpan? RetryAfter = null)
    : IResult, IEndpointMetadataProvider
{
    /// <summary>A 200 carrying Agora's code 0: the only answer worth keeping or reading on from.</summary>
    public bool IsSuccess => Status == StatusCodes.Status200OK && Code == Classroom.Agora.Models.AgoraCodes.Success;

    /// <summary>Agora answered <paramref name="code"/> (its business code, or none).</summary>
    public bool Is(int status, int code) => Status == status && Code == code;

    /// <summary>The detail of a call whose connection failed before Agora's status came.</summary>
    public const string Unreached = "Agora could not be reached.";

    /// <summary>The detail of a call whose answer broke off after Agora's status came: Agora was reached, its answer is not whole.</summary>
    public const string BrokeOff = "Agora's answer broke off before it was whole.";

    /// <summary>The detail of a success longer than the gateway keeps of an answer (<see cref="AgoraServiceCalls.MaxAnswerBytes"/>).</summary>
    public const string TooLarge = "Agora's answer was larger than the gateway reads.";

    /// <summary>Agora answered, with more than the gateway keeps of an answer: a read of less of it may go on.</summary>
    public bool WasTooLarge => Code is null && Detail == TooLarge;

    public static AgoraAnswer Unanswered(int status, string detail, TimeSpan? retryAfter = null) =>
        new(status, null, [], null, null, detail, retryAfter);

    /// <summary>The <c>data</c> of a success, read as <typeparamref name="T"/>; null when it is missing or not of that shape.</summary>
    public T? Data<T>() where T : class
    {
        try
        {
            using var document = JsonDocument.Parse(Body, AgoraJson.Documents);
            return document.RootElement.TryGetProperty("data", out var data) ? data.Deserialize<T>(AgoraJson.Answers) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A success as Agora sent it, byte for byte; anything else as the gateway's problem keeping Agora's status and code.</summary>
    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (!IsSuccess)
        {
            // A business error in a 2xx answer is still no success: the client hears that Agora's answer was bad.
            var status = Status < 400 ? StatusCodes.Status502BadGateway : Status;
            // Code 0 is Agora's success: a problem carrying it (a redirect's or a 201's envelope) would tell a client that
            // reads the code that the call succeeded.
            var code = Code is { } business && business != Classroom.Agora.Models.AgoraCodes.Success ? business : status;
            return GatewayProblems.WriteAsync(httpContext, status, Detail, code, Msg, RetryAfter);
        }
        httpContext.Response.StatusCode = Status;
        httpContext.Response.ContentType = ContentType;
        httpContext.Response.ContentLength = Body.Length;
        return httpContext.Response.Body.WriteAsync(Body, httpContext.RequestAborted).AsTask();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => builder.Metadata.Add(CallsAgora.Instance);
}
