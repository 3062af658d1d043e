using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Gateway.Identity;

/// <summary>
/// ASP.NET Core's JWT bearer sign-in, asked only for a token it has not accepted before: a token it accepted signs its
/// caller in again from <see cref="RememberedSignIns"/>, without validation, events or claims reading. Either way the
/// request's <see cref="Caller"/> is the one read at sign-in.
/// </summary>
public sealed class SchoolBearerHandler(IOptionsMonitor<JwtBearerOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    RememberedSignIns remembered, IOptions<AuthOptions> auth) : JwtBearerHandler(options, logger, encoder)
{
    const string Prefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = BearerToken(Request.Headers.Authorization.ToString());
        if (token is not null && remembered.TryGet(token, out var known))
        {
            Context.Features.Set(known.Caller);
            return AuthenticateResult.Success(new AuthenticationTicket(known.Principal, Scheme.Name));
        }
        var result = await base.HandleAuthenticateAsync();
        if (token is not null && result is { Succeeded: true, Properties.ExpiresUtc: { } expires })
        {
            var signIn = new SignIn(result.Principal!, Caller.FromPrincipal(result.Principal!, auth.Value));
            Context.Features.Set(signIn.Caller);
            remembered.Remember(token, signIn, expires + Options.TokenValidationParameters.ClockSkew);
        }
        return result;
    }

    /// <summary>The token as the base handler reads it from <c>Authorization</c>, or <c>null</c> when there is none.</summary>
    static string? BearerToken(string authorization) =>
        authorization.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && authorization[Prefix.Length..].Trim() is { Length: > 0 } token
            ? token
            : null;
}
