using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Resilience;

/// <summary>How one call to Agora ended: YARP's error, or none and the status Agora answered.</summary>
public readonly record struct UpstreamResult(ForwarderError Error, int StatusCode)
{
    public static UpstreamResult Answered(int statusCode) => new(ForwarderError.None, statusCode);

    /// <summary>
    /// Whether the call says Agora is failing: no answer, a broken exchange, or 502/503/504. A client that gave up or
    /// sent a body that could not be read says nothing of Agora, and neither does an answer, even an error.
    /// </summary>
    public bool Failed => Error switch
    {
        ForwarderError.None => StatusCode is StatusCodes.Status502BadGateway or StatusCodes.Status503ServiceUnavailable
            or StatusCodes.Status504GatewayTimeout,
        ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.RequestBodyDestination
            or ForwarderError.ResponseBodyDestination => true,
        _ => false,
    };

    /// <summary>Whether the call ended before Agora answered, as its client gave up or its body broke: nothing was learned of Agora.</summary>
    public bool Unanswered => Error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.RequestBodyClient;
}
