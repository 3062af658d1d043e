namespace Gateway.Security;

/// <summary>
/// What one request may weigh, enforced by Kestrel before any handler runs: bodies (413), headers (431).
/// Agora's bodies are small JSON; nothing the gateway forwards needs more.
/// </summary>
public static class RequestLimits
{
    public const int MaxBodyBytes = 1024 * 1024;
    public const int MaxHeaderBytes = 32 * 1024;
    public const int MaxHeaderCount = 64;

    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = MaxHeaderBytes;
            kestrel.Limits.MaxRequestHeaderCount = MaxHeaderCount;
        });
        return builder;
    }
}
