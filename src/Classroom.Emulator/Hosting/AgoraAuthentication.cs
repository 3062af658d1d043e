using Classroom.Agora;
using Classroom.Agora.Models;
using Classroom.Agora.Tokens;
using Microsoft.Extensions.Options;

namespace Classroom.Emulator.Hosting;

/// <summary>
/// Agora's gate in front of every call: the app id in the path must be this project's, and the token (in
/// <c>x-agora-token</c> or <c>Authorization: agora token="…"</c>) must be signed for it and unexpired, and be an app
/// token — or, unless <c>Emulator:Credentials</c> is <see cref="EmulatorCredentials.App"/>, a token that lets
/// <c>x-agora-uid</c> log in to RTM. Anything else is 401 without a business code.
/// </summary>
sealed class AgoraAuthentication(IOptions<EmulatorOptions> options, IOptions<EmulatorAuthenticationOptions> authentication, TimeProvider time)
    : IEndpointFilter
{
    public const string TokenHeader = "x-agora-token";
    public const string UidHeader = "x-agora-uid";
    const string AuthorizationScheme = "agora token=";

    readonly AgoraCredentials _credentials = new(options.Value.AppId, options.Value.AppCertificate);
    readonly bool _appTokensOnly = authentication.Value.Credentials == EmulatorCredentials.App;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (!string.Equals(request.RouteValues["appId"] as string, _credentials.AppId, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Json(new AgoraMessage(AgoraMessage.InvalidAppId), statusCode: StatusCodes.Status401Unauthorized);
        }
        if (!Admits(AgoraTokenVerifier.Verify(TokenOf(request), _credentials, time.GetUtcNow()), request))
        {
            return TypedResults.Json(new AgoraMessage(AgoraMessage.InvalidToken), statusCode: StatusCodes.Status401Unauthorized);
        }
        return await next(context);
    }

    /// <summary>A missing or empty <c>x-agora-uid</c> names nobody, so not even a token for the empty user id logs it in.</summary>
    bool Admits(AgoraTokenGrants grants, HttpRequest request) =>
        grants.App() == AgoraTokenCheck.Valid
        || (!_appTokensOnly && request.Headers[UidHeader].ToString() is { Length: > 0 } uid && grants.RtmLogin(uid) == AgoraTokenCheck.Valid);

    /// <summary><c>x-agora-token</c> wins; otherwise the quoted token of <c>Authorization: agora token="…"</c>.</summary>
    static string? TokenOf(HttpRequest request)
    {
        var header = request.Headers[TokenHeader].ToString();
        if (header.Length > 0)
        {
            return header;
        }
        var authorization = request.Headers.Authorization.ToString().Trim();
        if (!authorization.StartsWith(AuthorizationScheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return authorization[AuthorizationScheme.Length..].Trim().Trim('"');
    }
}
