namespace Gateway.Security;

/// <summary>
/// What one request may weigh: bodies (413), headers (431), enforced by Kestrel as they are read, and a body's declared
/// length on every route, read or not. Agora's bodies are small JSON; nothing the gateway forwards needs more.
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

    /// <summary>
    /// Refuses a body declared over the limit on every route, once the caller is signed in and allowed (as a body's other
    /// refusals are), whether or not the route reads a body: Kestrel refuses it only as it is read, and a route that takes
    /// none would answer as if it had not come. Nothing of it is read, so a client that asks first (<c>Expect: 100-continue</c>)
    /// sends none.
    /// </summary>
    public static IApplicationBuilder UseDeclaredBodyLimit(this IApplicationBuilder app) =>
        app.Use((context, next) => context.Request.ContentLength > MaxBodyBytes
            ? Problems.GatewayProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, Forwarding.ClientBody.TooLarge)
            : next(context));
}
