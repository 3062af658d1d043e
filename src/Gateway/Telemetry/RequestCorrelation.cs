namespace Gateway.Telemetry;

/// <summary>
/// <c>X-Request-Id</c>: the client's own id when it is a sane one (at most 128 visible ASCII characters), else a
/// new one; returned on every answer, in the scope of every log line written from this first middleware on, routing's
/// included (not of the lines ASP.NET Core writes outside it: Kestrel's, hosting's, host filtering's), and sent on to
/// Agora. It is the request's <see cref="HttpContext.TraceIdentifier"/>, so a problem's <c>traceId</c> names it when no
/// trace is recorded.
/// </summary>
public static class RequestCorrelation
{
    public const string Header = "X-Request-Id";
    public const int MaxLength = 128;

    public static string RequestId(this HttpContext context) => context.TraceIdentifier;

    public static IApplicationBuilder UseRequestCorrelation(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestCorrelation));
        return app.Use(async (context, next) =>
        {
            var given = context.Request.Headers[Header];
            var id = given.Count == 1 && IsAcceptable(given[0]) ? given[0]! : NewId();
            context.TraceIdentifier = id;
            context.Response.OnStarting(static state =>
            {
                var context = (HttpContext)state;
                context.Response.Headers[Header] = context.RequestId();
                return Task.CompletedTask;
            }, context);
            using (logger.BeginScope(new CorrelationScope(id)))
            {
                await next(context);
            }
        });
    }

    /// <summary>
    /// 32 lowercase hex characters of 128 random bits, drawn in process: an id must be unique, not secret, and
    /// <see cref="Guid.NewGuid"/> reads the kernel's random source, a system call on every request.
    /// </summary>
    static string NewId()
    {
        Span<byte> bits = stackalloc byte[16];
        Random.Shared.NextBytes(bits);
        return Convert.ToHexStringLower(bits);
    }

    public static bool IsAcceptable(string? id) =>
        id is { Length: > 0 and <= MaxLength } && !id.AsSpan().ContainsAnyExceptInRange('!', '~');

    /// <summary>
    /// The scope of a request's log lines: <c>CorrelationId</c> as a property for the JSON formatter, and as text for the
    /// simple and systemd ones, which write a scope's <see cref="ToString"/>.
    /// </summary>
    sealed class CorrelationScope(string id) : IReadOnlyList<KeyValuePair<string, object>>
    {
        public KeyValuePair<string, object> this[int index] =>
            index == 0 ? new("CorrelationId", id) : throw new ArgumentOutOfRangeException(nameof(index));

        public int Count => 1;

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
        {
            yield return this[0];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => "CorrelationId:" + id;
    }
}
