namespace Gateway.Forwarding;

/// <summary>
/// <c>AddEndpointFilter&lt;T&gt;</c> as the gateway adds its filters: one instance per endpoint, made from the application's
/// services when the endpoint is built. ASP.NET Core's own overload compiles an expression tree for every call, which
/// loaded and compiled <c>System.Linq.Expressions</c> at every start for filters that a constructor call makes as well.
/// </summary>
public static class EndpointFilters
{
    public static RouteHandlerBuilder AddFilter<TFilter>(this RouteHandlerBuilder builder) where TFilter : IEndpointFilter =>
        builder.AddEndpointFilterFactory(Create<TFilter>);

    public static RouteGroupBuilder AddFilter<TFilter>(this RouteGroupBuilder builder) where TFilter : IEndpointFilter =>
        builder.AddEndpointFilterFactory(Create<TFilter>);

    static EndpointFilterDelegate Create<TFilter>(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
        where TFilter : IEndpointFilter
    {
        var filter = ActivatorUtilities.CreateInstance<TFilter>(context.ApplicationServices);
        return invocation => filter.InvokeAsync(invocation, next);
    }
}
