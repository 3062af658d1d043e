using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Forwarding;

/// <summary>
/// What YARP is told of a forwarded request that asks to switch protocols (<c>Connection: Upgrade</c>): that it cannot.
/// The gateway answers it in HTTP, as a server may (RFC 9110 7.8), and Agora is sent the call that was checked and
/// audited. Taken for a WebSocket or SPDY upgrade, the call went out as a <c>GET</c> whatever its method (at an https
/// Agora over HTTP/2, a <c>CONNECT</c>), with the client's <c>Connection</c> and <c>Upgrade</c> put back after the
/// transformer had removed them.
/// </summary>
public sealed class NoProtocolSwitch : IHttpUpgradeFeature
{
    public static readonly NoProtocolSwitch Instance = new();

    NoProtocolSwitch()
    {
    }

    public bool IsUpgradableRequest => false;

    public Task<Stream> UpgradeAsync() => throw new InvalidOperationException("A request forwarded to Agora does not switch protocols.");
}
