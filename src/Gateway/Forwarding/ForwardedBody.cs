using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Forwarding;

/// <summary>
/// Which body a forwarded request carries, told to YARP as whether the request has one: the gateway's own (which the client
/// may not have sent), none (a route that takes no body, whatever the client sent), or the client's as it came.
/// </summary>
public sealed class ForwardedBody : IHttpRequestBodyDetectionFeature
{
    public static readonly ForwardedBody Supplied = new(true);
    public static readonly ForwardedBody None = new(false);
    public static readonly ForwardedBody Client = new(true);

    ForwardedBody(bool canHaveBody) => CanHaveBody = canHaveBody;

    public bool CanHaveBody { get; }
}
