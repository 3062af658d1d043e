namespace Gateway.Resilience;

/// <summary>
/// Gives a write without a body an empty one (<c>Content-Length: 0</c>), so that it reaches Agora at most once.
/// SocketsHttpHandler sends a request without a body again, whatever its method, when the pooled HTTP/1.1 connection it
/// went out on is closed before any answer (dotnet/runtime#86714): a write Agora may have carried out would be carried out
/// again, as often as idle connections remain. A request whose body it began to send, it never sends again.
/// </summary>
public sealed class WriteOnceHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is null && !IdempotentRetryHandler.IsRead(request.Method))
        {
            request.Content = new ByteArrayContent([]);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
