using Gateway.Identity;

namespace Gateway.Tokens;

/// <summary><c>POST /api/v1/rtm-token</c>: the caller's own RTM token, for the classroom SDK to log in with.</summary>
public static class RtmTokenEndpoints
{
    public sealed record RtmTokenResponse(string AppId, string Uid, string Token, DateTimeOffset ExpiresAt);

    public static IServiceCollection AddRtmTokens(this IServiceCollection services)
    {
        services.AddSingleton<RtmTokenMinter>();
        services.AddMemoryCache();
        services.TryAddSingleton<IRtmTokenSource, CachedRtmTokenSource>(); // reused tokens, shared through Redis when configured
        services.AddSingleton<AppTokenSource>();
        services.AddSingleton<RoomUserTokenMinter>();
        return services;
    }

    public static RouteGroupBuilder MapRtmTokens(this RouteGroupBuilder api)
    {
        api.MapPost("/rtm-token", MintForCaller)
            .WithMetadata(new Audit.NotAudited("mints a token for its caller and changes nothing"))
            .WithName("MintRtmToken")
            .WithSummary("Mint an RTM token for the signed-in user")
            .WithDescription("An Agora RTM token (AccessToken2, `007…`) for the caller's own uid, for the classroom SDK to log in with. No upstream call.")
            .WithTags("Tokens");
        return api;
    }

    static async Task<Ok<AgoraEnvelope<RtmTokenResponse>>> MintForCaller(Caller caller, IRtmTokenSource tokens, RtmTokenMinter minter,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var token = await tokens.GetTokenAsync(caller.UserId, cancellationToken);
        return TypedResults.Ok(AgoraEnvelope<RtmTokenResponse>.Success(new RtmTokenResponse(minter.AppId, caller.UserId, token.Token, token.ExpiresAt), time.GetUtcNow()));
    }
}
