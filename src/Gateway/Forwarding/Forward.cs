using Classroom.Agora.Validation;
using Gateway.Problems;

namespace Gateway.Forwarding;

/// <summary>What a route handler answers to send the request on to Agora.</summary>
public static class Forward
{
    /// <summary>Forwards a request of a route that takes no body: whatever the client sent with it stays here.</summary>
    public static ForwardResult To(string pathAndQuery) => new(pathAndQuery, ForwardedBody.None);

    /// <summary>Forwards the client's request as it came, its body included (the passthrough).</summary>
    public static ForwardResult Verbatim(string pathAndQuery) => new(pathAndQuery, ForwardedBody.Client);

    /// <summary>Forwards with <paramref name="body"/> as the request body: the client's own bytes, or a rewritten body.</summary>
    public static ForwardResult To(string pathAndQuery, ReadOnlyMemory<byte> body) => new(pathAndQuery, ForwardedBody.Supplied, body);

    /// <summary>Forwards the client's body when it keeps Agora's rules; else the 400 naming each field it breaks.</summary>
    public static Results<ForwardResult, ProblemHttpResult> IfValid<T>(string pathAndQuery, AgoraBody<T> body) where T : class, IAgoraRequestBody<T> =>
        body.IsValid ? To(pathAndQuery, body.Bytes) : GatewayProblems.Invalid(body.Errors);
}
