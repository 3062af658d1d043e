using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Identity;

/// <summary>
/// ASP.NET Core's JWT bearer sign-in, asked only for a token it has not accepted before: a token it accepted signs its
/// caller in again from <see cref="RememberedSignIns"/>, without validation, events or claims reading. Either way the
/// request's <see cref="Caller"/> is the one read at sign-in.
/// </summary>
public sealed class SchoolBearerHandler(IOptionsMonitor<JwtBearerOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    RememberedSignIns remembered, IOptions<AuthOptions> auth, AuthorityOutages outages) : JwtBearerHandler(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // Base's own test for a bearer token: a request without one is no sign-in of this scheme.
        if (!Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return await base.HandleAuthenticateAsync();
        }
        // Read before validating: a refresh that lands during validation leaves the sign-in to be validated again.
        object? keys;
        try
        {
            keys = await CurrentKeysAsync();
        }
        catch (Exception e) when (!Context.RequestAborted.IsCancellationRequested)
        {
            // The authority's keys were never fetched: the token is not known to be bad, the authority is out of reach.
            outages.Failed(Options.Authority, e);
            Context.Features.Set(AuthorityOutages.Unreachable.Instance);
            return AuthenticateResult.Fail("The authority's signing keys cannot be fetched.");
        }
        var key = RememberedAs(Request.Headers.Authorization);
        if (key is null)
        {
            return await base.HandleAuthenticateAsync();
        }
        if (remembered.TryGet(key, keys, out var known))
        {
            Context.Features.Set(known.Caller);
            return AuthenticateResult.Success(known.Ticket);
        }
        var result = await base.HandleAuthenticateAsync();
        if (result is { Succeeded: true, Properties.ExpiresUtc: { } expires })
        {
            var principal = Kept(result.Principal!, auth.Value);
            var signIn = new SignIn(principal, Caller.FromPrincipal(principal, auth.Value));
            Context.Features.Set(signIn.Caller);
            if (HoldsTheTokenAlone(key))
            {
                var skew = Options.TokenValidationParameters.ClockSkew;
                // An exp at the calendar's end, or past it (read as its last instant), has no later end to skew to.
                remembered.Remember(key, signIn, keys, expires <= DateTimeOffset.MaxValue - skew ? expires + skew : DateTimeOffset.MaxValue);
            }
            // The first request signs in as the token's next ones will: with the ticket kept, not validation's properties.
            return AuthenticateResult.Success(signIn.Ticket);
        }
        return result;
    }

    /// <summary>
    /// The principal as it is kept, for the request and for the token's next ones: the claims the gateway reads (the user
    /// id, the roles, the name, the rooms and the expiry), without the parsed token they were read from (its text, its
    /// JSON, a second set of claims; several kilobytes a sign-in) or the token's other claims, which nothing after sign-in
    /// reads. Their types, a school role and the issuer are the configuration's strings, not the token's copies of them. A
    /// room stream keeps its request's principal for as long as it is open.
    /// </summary>
    static ClaimsPrincipal Kept(ClaimsPrincipal signedIn, AuthOptions auth)
    {
        var read = (ClaimsIdentity)signedIn.Identity!;
        var kept = new CaseSensitiveClaimsIdentity(read.AuthenticationType, read.NameClaimType, read.RoleClaimType);
        foreach (var claim in read.Claims)
        {
            if (Find(claim.Type, [auth.UserIdClaim, auth.RoleClaim, auth.NameClaim, Caller.RoomClaimType, JwtRegisteredClaimNames.Exp])
                is { } type)
            {
                var value = type == auth.RoleClaim
                    ? Find(claim.Value, [Caller.Student, Caller.Teacher, Caller.Assistant, Caller.Admin]) ?? claim.Value
                    : claim.Value;
                var issuer = claim.Issuer == auth.Issuer ? auth.Issuer : claim.Issuer;
                var original = claim.OriginalIssuer == issuer ? issuer : claim.OriginalIssuer;
                kept.AddClaim(new Claim(type, value, claim.ValueType, issuer, original, kept));
            }
        }
        return new ClaimsPrincipal(kept);
    }

    /// <summary>The string of <paramref name="known"/> equal to <paramref name="value"/>; null when none is.</summary>
    static string? Find(string value, ReadOnlySpan<string?> known)
    {
        foreach (var candidate in known)
        {
            if (candidate == value)
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>The authority's signing keys as last fetched (a new object after every fetch); null for a configured key.</summary>
    async Task<object?> CurrentKeysAsync() =>
        Options.ConfigurationManager is { } authority ? await outages.KeysAsync(authority, Context.RequestAborted) : null;

    /// <summary>
    /// A sign-in is remembered by the whole <c>Authorization</c> value, "Bearer " and the token: the same text always
    /// holds the same token, and a request's header is looked up as it came, without cutting the token out of it.
    /// </summary>
    static string? RememberedAs(StringValues authorization) =>
        authorization is [{ Length: > 7 } value] && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value : null;

    /// <summary>
    /// Only a value that is the scheme, one space and the token is remembered: validation trims the token out of any
    /// spacing around it, so one token could otherwise be remembered under as many texts, each as long as the headers
    /// allow, as a caller cares to send.
    /// </summary>
    static bool HoldsTheTokenAlone(string value) => !value.AsSpan("Bearer ".Length).ContainsAny(Whitespace);

    static readonly System.Buffers.SearchValues<char> Whitespace = System.Buffers.SearchValues.Create(" \t\r\n\v\f");
}
