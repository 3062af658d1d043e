using System.Security.Claims;
using System.Text.Json;
using Gateway.Configuration;
using Gateway.Forwarding;
using Gateway.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Identity;

/// <summary>Sign-in with the school's JWT: HS256 with a shared key, or RS256/ES256 keys from an OIDC authority.</summary>
public static class SchoolAuthentication
{
    static readonly TimeSpan MaxClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>The registered claims whose value is a NumericDate, seconds since the epoch.</summary>
    static readonly string[] NumericDateClaims = [JwtRegisteredClaimNames.Exp, JwtRegisteredClaimNames.Nbf, JwtRegisteredClaimNames.Iat];

    /// <summary>The longest wait for the authority's discovery document or keys.</summary>
    public static readonly TimeSpan AuthorityTimeout = TimeSpan.FromSeconds(10);

    public static IServiceCollection AddSchoolAuthentication(this IServiceCollection services)
    {
        // AddJwtBearer's own registration, with the handler that remembers whom it has signed in.
        services.AddGatewayAuthentication()
            .AddScheme<JwtBearerOptions, SchoolBearerHandler>(JwtBearerDefaults.AuthenticationScheme, displayName: null, configureOptions: null);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<JwtBearerOptions>, JwtBearerPostConfigureOptions>());
        // A key the authority no longer publishes signs nobody in: the "last known good" keys that IdentityModel would
        // otherwise keep trying for an hour after a rotation are not tried.
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
        {
            if (jwt.ConfigurationManager is BaseConfigurationManager authority)
            {
                authority.UseLastKnownGoodConfiguration = false;
            }
        });
        // Token lifetimes are judged by the system clock, so the remembered sign-ins are too.
        services.TryAddSingleton(new RememberedSignIns(TimeProvider.System));
        services.TryAddSingleton<AuthorityOutages>();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, IOptions<AgoraOptions>>((jwt, auth, agora) => Configure(jwt, auth.Value, agora.Value.ServiceUid));
        services.Configure<AuthenticationOptions>(options => options.DefaultScheme = JwtBearerDefaults.AuthenticationScheme);
        return services;
    }

    /// <summary>
    /// What the gateway's schemes need of <c>AddAuthentication()</c>, without the data protection it brings for cookies
    /// and remote sign-ins: the gateway protects nothing with it, and its hosted service would read (and at the first
    /// start write) a key ring in the home directory at every start, loading an XML stack for it.
    /// </summary>
    internal static AuthenticationBuilder AddGatewayAuthentication(this IServiceCollection services)
    {
        services.AddAuthenticationCore();
        services.AddWebEncoders();
        services.TryAddSingleton(TimeProvider.System);
        return new AuthenticationBuilder(services);
    }

    static void Configure(JwtBearerOptions jwt, AuthOptions auth, string serviceUid)
    {
        jwt.MapInboundClaims = false;
        jwt.TokenHandlers.Clear();
        jwt.TokenHandlers.Add(new JsonWebTokenHandler { MapInboundClaims = false });
        jwt.IncludeErrorDetails = false;
        // The token's text stays where it came, in the request's header: no copy in every sign-in's properties.
        jwt.SaveToken = false;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = auth.Issuer,
            // The configured issuer alone: IdentityModel would also take the one the authority's discovery document names.
            IssuerValidator = (issuer, _, _) => issuer == auth.Issuer
                ? issuer
                : throw new SecurityTokenInvalidIssuerException("The token's issuer is not the configured one."),
            ValidAudience = auth.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = MaxClockSkew,
            NameClaimType = auth.UserIdClaim,
            RoleClaimType = auth.RoleClaim,
            // Unchecked: any typ. Else an ID token, a logout token or any other JWT of the authority is no access token.
            TypeValidator = auth.RequireAccessTokenType ? AccessTokenType : null,
        };
        if (auth.SigningKeyBytes is { } key)
        {
            jwt.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(key);
            jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }
        else
        {
            jwt.Authority = auth.Authority!.ToString();
            jwt.RequireHttpsMetadata = !auth.Authority.IsLoopback;
            // A hung authority holds a sign-in that needs its keys this long, not the framework's minute.
            jwt.BackchannelTimeout = AuthorityTimeout;
            jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];
        }
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = context => ReadClaims(context, auth, serviceUid),
            OnChallenge = context =>
            {
                context.HandleResponse();
                if (context.HttpContext.Features.Get<AuthorityOutages.Unreachable>() is not null)
                {
                    return GatewayProblems.WriteAsync(context.HttpContext, StatusCodes.Status503ServiceUnavailable,
                        "The school's sign-in authority cannot be reached to check the token; try again shortly.",
                        retryAfter: AuthorityOutages.RetryAfter);
                }
                var detail = context.AuthenticateFailure is SecurityTokenExpiredException
                    ? "The bearer token has expired."
                    : context.AuthenticateFailure is null ? "A bearer token is required." : "The bearer token is not valid.";
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return GatewayProblems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, detail);
            },
        };
    }

    /// <summary>
    /// A token typed as an access token (<see cref="AuthOptions.AccessTokenTypes"/>), compared without regard to case as a
    /// media type is (RFC 7515 4.1.9): IdentityModel's own list compares exactly, and refused <c>AT+JWT</c> and <c>jwt</c>.
    /// </summary>
    static string AccessTokenType(string type, SecurityToken token, TokenValidationParameters parameters) =>
        AuthOptions.AccessTokenTypes.Contains(type, StringComparer.OrdinalIgnoreCase)
            ? type
            : throw new SecurityTokenInvalidTypeException("The token's typ says it is no access token.") { InvalidType = type };

    /// <summary>
    /// Requires the user id claim, keeps the name claim only as text, and records the rooms claim one room per claim: a JSON array is taken
    /// item by item, a string is split on spaces. Both are read as the token writes them: an id written as a JSON
    /// number is its text (IdentityModel would give <c>98765432109876543210</c> as <c>9.876543210987654E+19</c>, the
    /// same text for many users).
    /// </summary>
    static Task ReadClaims(TokenValidatedContext context, AuthOptions auth, string serviceUid)
    {
        var identity = (ClaimsIdentity)context.Principal!.Identity!;
        if (context.SecurityToken is not JsonWebToken token)
        {
            context.Fail("The token is not a JSON web token.");
            return Task.CompletedTask;
        }
        // A token asking its reader to understand an extension is refused: the gateway understands none (RFC 7515 4.1.11).
        if (token.TryGetHeaderValue<object>("crit", out _))
        {
            context.Fail("The token names a critical extension.");
            return Task.CompletedTask;
        }
        using var payload = ParsedOrNull(Base64UrlEncoder.DecodeBytes(token.EncodedPayload));
        // IdentityModel lets text after the payload's object through.
        if (payload is not { RootElement: { ValueKind: JsonValueKind.Object } claims })
        {
            context.Fail("The token's payload is not one JSON object.");
            return Task.CompletedTask;
        }
        // A NumericDate is a JSON number (RFC 7519 §2); IdentityModel also reads one written as text ("1700000000"), which
        // the RFC's readers refuse: a token whose lifetime one reader takes and another does not is no token.
        if (NumericDateClaims.Any(name => claims.TryGetProperty(name, out var date) && date.ValueKind != JsonValueKind.Number))
        {
            context.Fail("The token's exp, nbf or iat is not a JSON number.");
            return Task.CompletedTask;
        }
        var userId = claims.TryGetProperty(auth.UserIdClaim, out var written) ? IdOf(written) : null;
        if (string.IsNullOrEmpty(userId))
        {
            context.Fail("The token has no user id claim.");
            return Task.CompletedTask;
        }
        // The user id is the caller's Agora uid, sent in a header and in paths: it must be an id the routes can name.
        if (!AgoraIdsFilter.IsUid(userId))
        {
            context.Fail("The user id claim is not a valid Agora user id.");
            return Task.CompletedTask;
        }
        // The gateway's own uid (Agora:ServiceUid) is nobody else's: its tokens are the gateway's.
        if (userId == serviceUid)
        {
            context.Fail("The user id claim is the gateway's own uid.");
            return Task.CompletedTask;
        }
        foreach (var read in identity.FindAll(auth.UserIdClaim).ToList())
        {
            identity.RemoveClaim(read);
        }
        identity.AddClaim(new Claim(auth.UserIdClaim, userId));
        // The name a classroom shows is the name claim's text: IdentityModel gave an object's JSON, a list's first item, a
        // number's or a truth value's text, each shown as a user's name. Not text, the user id is shown.
        if (auth.NameClaim != auth.UserIdClaim)
        {
            foreach (var read in identity.FindAll(auth.NameClaim).ToList())
            {
                identity.RemoveClaim(read);
            }
            if (claims.TryGetProperty(auth.NameClaim, out var name) && name.ValueKind == JsonValueKind.String)
            {
                identity.AddClaim(new Claim(auth.NameClaim, name.GetString()!));
            }
        }
        // The rooms are the rooms claim's alone: a claim the token carries under the gateway's own name for them is dropped.
        foreach (var forged in identity.FindAll(Caller.RoomClaimType).ToList())
        {
            identity.RemoveClaim(forged);
        }
        foreach (var room in RoomsOf(claims, auth.RoomsClaim))
        {
            identity.AddClaim(new Claim(Caller.RoomClaimType, room));
        }
        return Task.CompletedTask;
    }

    /// <summary>An id as the token writes it: a string's value, a number's text; null for anything else.</summary>
    static string? IdOf(JsonElement claim) => claim.ValueKind switch
    {
        JsonValueKind.String => claim.GetString(),
        JsonValueKind.Number => claim.GetRawText(),
        _ => null,
    };

    static IEnumerable<string> RoomsOf(JsonElement claims, string claim)
    {
        if (!claims.TryGetProperty(claim, out var rooms))
        {
            return [];
        }
        return rooms.ValueKind switch
        {
            JsonValueKind.Array => [.. rooms.EnumerateArray().Select(IdOf).OfType<string>()],
            JsonValueKind.String => rooms.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            JsonValueKind.Number => [rooms.GetRawText()],
            _ => [],
        };
    }

    static JsonDocument? ParsedOrNull(byte[] json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
