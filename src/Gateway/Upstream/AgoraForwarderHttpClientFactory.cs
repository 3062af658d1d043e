using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Upstream;

/// <summary>YARP's client for Agora is the <see cref="AgoraHttpClients.Forwarder"/> client of <see cref="IHttpClientFactory"/>.</summary>
public sealed class AgoraForwarderHttpClientFactory(IHttpMessageHandlerFactory handlers) : IForwarderHttpClientFactory
{
    public HttpMessageInvoker CreateClient(ForwarderHttpClientContext context) =>
        new(handlers.CreateHandler(AgoraHttpClients.Forwarder), disposeHandler: false);
}
