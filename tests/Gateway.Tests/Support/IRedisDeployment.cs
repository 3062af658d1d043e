namespace Gateway.Tests.Support;

/// <summary>Redis as the gateway meets it, whatever its shape: one server, a cluster, a primary behind sentinels.</summary>
public interface IRedisDeployment : IAsyncDisposable
{
    /// <summary>The StackExchange.Redis configuration string for <c>Redis:Configuration</c>.</summary>
    string Configuration { get; }
}
