using Gateway.Upstream;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Support;

/// <summary>
/// The gateway's own credentials for Agora until <see cref="Fail"/> (or from the start, when <paramref name="failing"/>):
/// from then on none can be made, as when minting a token fails.
/// </summary>
public sealed class FailingCredentials(bool failing = false) : IUpstreamCredentials
{
    volatile bool _failing = failing;
    IUpstreamCredentials? _gateways;

    public void Fail() => _failing = true;

    /// <summary>Puts these credentials in place of the gateway's, which they hand out until they fail.</summary>
    public void ReplaceIn(IServiceCollection services) => services.AddSingleton<IUpstreamCredentials>(provider =>
    {
        _gateways = ActivatorUtilities.CreateInstance<UpstreamCredentials>(provider);
        return this;
    });

    public ValueTask<AgoraCallCredential> ForCallerAsync(string uid, CancellationToken cancellationToken) =>
        Gateways().ForCallerAsync(uid, cancellationToken);

    public ValueTask<AgoraCallCredential> ForServiceAsync(CancellationToken cancellationToken) =>
        Gateways().ForServiceAsync(cancellationToken);

    IUpstreamCredentials Gateways() => _failing || _gateways is null ? throw new InvalidOperationException("no credential") : _gateways;
}
