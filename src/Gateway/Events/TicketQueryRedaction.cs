using System.Buffers;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Events;

/// <summary>
/// Takes a stream ticket out of the request's query (<c>ticket=…</c> becomes <c>ticket=redacted</c>) as the request is
/// created, before ASP.NET Core's hosting logs its first line: every later reader of the query — request logs, the
/// forwarder, exception logs — sees no ticket, and sign-in finds it in <see cref="PresentedTicket"/>. A bearer token a
/// client put in the query (<c>access_token=…</c>, RFC 6750's form, which the gateway does not take), and a token under
/// the name Agora's credential has (<c>token=…</c>, which no route reads and Agora takes only in headers), are redacted the
/// same way, and go no further either; so is a JWT or an Agora token under any other name or none, after its scheme
/// (<c>Bearer …</c>) too (<see cref="IsToken"/>). It
/// replaces the framework's factory only to run first; the factory it wraps makes the request as before.
/// </summary>
/// <remarks>
/// Hosting reuses one <see cref="HttpContext"/> per connection only with the framework's own factory, so this one keeps
/// them itself: one per feature collection (a connection's, or an HTTP/2 stream's), made by the framework's factory, and
/// none when an <see cref="IHttpContextAccessor"/> is registered, as the framework keeps none then.
/// </remarks>
public sealed class TicketQueryRedaction(IServiceProvider services) : IHttpContextFactory
{
    public const string Parameter = "ticket";
    public const string Redacted = "redacted";

    /// <summary>RFC 6750 §2.3's query parameter for a bearer token.</summary>
    public const string AccessToken = "access_token";

    /// <summary>The parameters redacted without being taken.</summary>
    static readonly string[] Tokens = [AccessToken, "token"];

    readonly DefaultHttpContextFactory _inner = new(services);
    readonly ConditionalWeakTable<IFeatureCollection, DefaultHttpContext>? _kept =
        services.GetService<IHttpContextAccessor>() is null ? [] : null;

    public HttpContext Create(IFeatureCollection featureCollection)
    {
        string? ticket = null;
        if (featureCollection.Get<IHttpRequestFeature>() is { } request && Take(request.QueryString) is (var taken, { } rest))
        {
            var query = request.RawTarget.IndexOf('?', StringComparison.Ordinal);
            request.RawTarget = (query < 0 ? request.RawTarget : request.RawTarget[..query]) + rest;
            request.QueryString = rest;
            ticket = taken;
        }
        if (ticket is not null)
        {
            featureCollection.Set(new PresentedTicket(ticket));
        }
        else if (featureCollection.Get<PresentedTicket>() is not null)
        {
            // A connection's features outlive its requests: the next request carries no ticket of the last.
            featureCollection.Set<PresentedTicket>(null);
        }
        if (_kept is null)
        {
            return _inner.Create(featureCollection);
        }
        if (_kept.TryGetValue(featureCollection, out var kept))
        {
            kept.Initialize(featureCollection);
            return kept;
        }
        var created = (DefaultHttpContext)_inner.Create(featureCollection);
        _kept.AddOrUpdate(featureCollection, created);
        return created;
    }

    public void Dispose(HttpContext httpContext)
    {
        _inner.Dispose(httpContext);
        if (_kept is not null)
        {
            // As the framework's factory leaves a kept context: whatever still holds it reads no later request.
            ((DefaultHttpContext)httpContext).Uninitialize();
        }
    }

    /// <summary>
    /// The first ticket of <paramref name="query"/> (<c>?a=1&amp;ticket=…</c>), and the query with every ticket and bearer
    /// token redacted; a null query when it holds neither.
    /// </summary>
    static (string? Ticket, string? Remaining) Take(string query)
    {
        // A name may come percent-encoded (ti%63ket), as the query's reader decodes it.
        if (!query.Contains("token=", StringComparison.OrdinalIgnoreCase) && !query.Contains(Parameter + "=", StringComparison.OrdinalIgnoreCase)
            && !query.Contains('%') && !query.Contains("eyJ", StringComparison.Ordinal) && !query.Contains("007", StringComparison.Ordinal))
        {
            return (null, null);
        }
        var (ticket, redacted) = ((string?)null, false);
        var pairs = query.TrimStart('?').Split('&');
        for (var i = 0; i < pairs.Length; i++)
        {
            var equals = pairs[i].IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? Uri.UnescapeDataString(pairs[i][..equals]) : null;
            var isTicket = string.Equals(name, Parameter, StringComparison.OrdinalIgnoreCase);
            var token = Array.Find(Tokens, token => string.Equals(name, token, StringComparison.OrdinalIgnoreCase));
            if (!isTicket && token is null && IsToken(Uri.UnescapeDataString(pairs[i][(equals + 1)..])))
            {
                // Its name is kept as the client wrote it; one with no name (?eyJ…, ?=eyJ…) is a token all the same.
                token = equals < 0 ? "" : pairs[i][..equals];
            }
            if (isTicket || token is not null)
            {
                if (isTicket)
                {
                    ticket ??= Uri.UnescapeDataString(pairs[i][(equals + 1)..]);
                }
                pairs[i] = equals < 0 ? Redacted : (token ?? Parameter) + "=" + Redacted;
                redacted = true;
            }
        }
        return (ticket, redacted ? "?" + string.Join('&', pairs) : null);
    }

    /// <summary>
    /// Whether a query value is a bearer credential by its shape, whatever its name: a JWT (base64url parts joined by dots,
    /// the first a JSON header, <c>eyJ</c>) or an Agora token (<c>007</c> and base64), longer than any value a route reads
    /// (an Agora id is under 64 bytes, a cursor at most 64 characters, Agora's <c>nextId</c> at most 128), so that no value
    /// a route reads is taken for one.
    /// </summary>
    internal static bool IsToken(string value) => IsBareToken(WithoutScheme(value));

    static bool IsBareToken(string value) =>
        value.Length > Forwarding.PageQuery.MaxNextIdLength
        && (value.StartsWith("eyJ", StringComparison.Ordinal) && value.Contains('.') && !value.AsSpan().ContainsAnyExcept(JwtCharacters)
            || value.StartsWith("007", StringComparison.Ordinal) && !value.AsSpan().ContainsAnyExcept(AgoraTokenCharacters));

    /// <summary>
    /// <paramref name="value"/> without a leading <c>Bearer</c> scheme (the <c>Authorization</c> header's value written as a
    /// parameter), its space written as a space or, as a form writes it, a <c>+</c>.
    /// </summary>
    static string WithoutScheme(string value) =>
        value.Length > Scheme.Length && value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) && value[Scheme.Length] is ' ' or '+'
            ? value[Scheme.Length..].TrimStart(' ', '+')
            : value;

    const string Scheme = "Bearer";

    static readonly SearchValues<char> JwtCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    static readonly SearchValues<char> AgoraTokenCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");
}
