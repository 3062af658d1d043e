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
            // Empty: any typ. Else an ID token, a logout token or any other JWT of the authority is no access token.
            ValidTypes = auth.RequireAccessTokenType ? AuthOptions.AccessTokenTypes : [],
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
            jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];
        }
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = context => ReadClaims(context, auth, serviceUid),
            OnChallenge = context =>
            {
                context.HandleResponse();
                var detail = context.AuthenticateFailure is SecurityTokenExpiredException
                    ? "The bearer token has expired."
                    : context.AuthenticateFailure is null ? "A bearer token is required." : "The bearer token is not valid.";
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return GatewayProblems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, detail);
            },
        };
    }

    /// <summary>
    /// Requires the user id claim and records the rooms claim one room per claim: a JSON array is taken
    /// item by item, a string is split on spaces.
    /// </summary>
    static Task ReadClaims(TokenValidatedContext context, AuthOptions auth, string serviceUid)
    {
        var identity = (ClaimsIdentity)context.Principal!.Identity!;
        var userId = identity.FindFirst(auth.UserIdClaim)?.Value;
        if (string.IsNullOrEmpty(userId))
        {
            context.Fail("The token has no user id claim.");
            return Task.CompletedTask;
        }
        // The user id is the caller's Agora uid, sent in a header and in paths: it must be an id the routes can name.
        if (!AgoraIdsFilter.IsRouteId(userId))
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
        // The rooms are the rooms claim's alone: a claim the token carries under the gateway's own name for them is dropped.
        foreach (var forged in identity.FindAll(Caller.RoomClaimType).ToList())
        {
            identity.RemoveClaim(forged);
        }
        if (context.SecurityToken is JsonWebToken token)
        {
            // A token asking its reader to understand an extension is refused: the gateway understands none (RFC 7515 4.1.11).
            if (token.TryGetHeaderValue<object>("crit", out _))
            {
                context.Fail("The token names a critical extension.");
                return Task.CompletedTask;
            }
            if (ReadRooms(token, auth.RoomsClaim) is not { } rooms)
            {
                context.Fail("The token's payload is not one JSON object.");
                return Task.CompletedTask;
            }
            foreach (var room in rooms)
            {
                identity.AddClaim(new Claim(Caller.RoomClaimType, room));
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// The rooms claim's rooms; null when the payload is not one JSON object, which IdentityModel lets through when text
    /// follows the object.
    /// </summary>
    static string[]? ReadRooms(JsonWebToken token, string claim)
    {
        using var payload = ParsedOrNull(Base64UrlEncoder.DecodeBytes(token.EncodedPayload));
        if (payload is not { RootElement.ValueKind: JsonValueKind.Object })
        {
            return null;
        }
        if (!payload.RootElement.TryGetProperty(claim, out var rooms))
        {
            return [];
        }
        return rooms.ValueKind switch
        {
            JsonValueKind.Array => rooms.EnumerateArray()
                .Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!).ToArray(),
            JsonValueKind.String => rooms.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries),
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
