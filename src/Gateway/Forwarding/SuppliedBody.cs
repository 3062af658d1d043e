using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Forwarding;

/// <summary>Tells YARP that a request has a body: the one the gateway supplied, which the client may not have sent.</summary>
sealed class SuppliedBody : IHttpRequestBodyDetectionFeature
{
    public static readonly SuppliedBody Instance = new();

    public bool CanHaveBody => true;
}
