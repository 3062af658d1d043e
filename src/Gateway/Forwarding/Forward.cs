namespace Gateway.Forwarding;

/// <summary>What a route handler answers to send the request on to Agora.</summary>
public static class Forward
{
    public static ForwardResult To(string pathAndQuery) => new(pathAndQuery);

    /// <summary>Forwards with <paramref name="body"/> as the request body: the client's own bytes, or a rewritten body.</summary>
    public static ForwardResult To(string pathAndQuery, ReadOnlyMemory<byte> body) => new(pathAndQuery, body);
}
