using System.Net;
using System.Text.Json;
using Gateway.Configuration;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Tests.Foundation;

public sealed class SignInTests
{
    static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    public static TheoryData<string, string?> RefusedTokens() => new()
    {
        { "no token", null },
        { "garbage", "not-a-jwt" },
        { "expired", new TestJwt { Now = Now.AddHours(-2), Lifetime = TimeSpan.FromMinutes(10) }.Sign() },
        { "expired beyond the 30 s skew", new TestJwt { Now = Now.AddSeconds(-100), Lifetime = TimeSpan.FromSeconds(60) }.Sign() },
        { "no exp", new TestJwt { Lifetime = null }.Sign() },
        { "wrong issuer", new TestJwt { Issuer = "https://other.school" }.Sign() },
        { "wrong audience", new TestJwt { Audience = "someone-else" }.Sign() },
        { "no issuer", new TestJwt { Issuer = null }.Sign() },
        { "no audience", new TestJwt { Audience = null }.Sign() },
        { "wrong key", new TestJwt { Key = TestJwt.RandomKey() }.Sign() },
        { "alg none", new TestJwt().SignNone() },
        { "a critical header extension", new TestJwt { OtherHeaders = new Dictionary<string, object> { ["crit"] = new[] { "exp2" }, ["exp2"] = 1 } }.Sign() },
        { "an empty list of critical extensions", new TestJwt { OtherHeaders = new Dictionary<string, object> { ["crit"] = Array.Empty<string>() } }.Sign() },
        { "not valid before a time beyond the 30 s skew", new TestJwt { Now = Now.AddMinutes(3) }.Sign() },
        { "an exp that is a list", WithClaim("exp", new[] { Now.AddMinutes(10).ToUnixTimeSeconds() }) },
        { "an exp that is an object", WithClaim("exp", new Dictionary<string, object> { ["at"] = Now.AddMinutes(10).ToUnixTimeSeconds() }) },
        { "an exp that is empty text", WithClaim("exp", "") },
        // A NumericDate is a JSON number (RFC 7519 §2): written as text, it is a date one reader takes and another refuses.
        { "an exp that is a number written as text", WithDateAsText("exp") },
        { "an nbf that is a number written as text", WithDateAsText("nbf") },
        { "an iat that is a number written as text", WithDateAsText("iat") },
        { "an issuer that is a list holding the configured one", new TestJwt { Issuer = null, OtherClaims = new Dictionary<string, object> { ["iss"] = new[] { SandboxMode.Issuer } } }.Sign() },
        { "an audience that is an object", new TestJwt { Audience = null, OtherClaims = new Dictionary<string, object> { ["aud"] = new Dictionary<string, object> { ["aud"] = SandboxMode.Audience } } }.Sign() },
        { "an empty audience list", new TestJwt { Audience = null, OtherClaims = new Dictionary<string, object> { ["aud"] = Array.Empty<string>() } }.Sign() },
        { "an encrypted token (JWE), which the gateway has no key to read", Base64UrlEncoder.Encode("""{"alg":"dir","enc":"A128GCM"}""") + "..AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA" },

        { "no user id", new TestJwt { Subject = null }.Sign() },
        { "the gateway's own uid", new TestJwt { Subject = "classroom-gateway" }.Sign() },
        { "a user id no route can name (%2F)", new TestJwt { Subject = "a%2Fb" }.Sign() },
        { "a user id with a space at its start, which x-agora-uid cannot carry", new TestJwt { Subject = " t1" }.Sign() },
        { "a user id with a space at its end", new TestJwt { Subject = "t1 " }.Sign() },
        { "a user id no route can name (%2f)", new TestJwt { Subject = "a%2fb" }.Sign() },
        // A path's dot segment is taken out, encoded (%2E) too, before any route sees it: a route naming user ".." is the room's.
        { "a user id no route can name (..)", new TestJwt { Subject = ".." }.Sign() },
        { "a user id no route can name (.)", new TestJwt { Subject = "." }.Sign() },
        { "a user id of 64 bytes, over Agora's bound", new TestJwt { Subject = new string('u', 64) }.Sign() },
        { "a user id in letters outside ASCII", new TestJwt { Subject = "élève-1" }.Sign() },
        { "a user id with a slash, outside Agora's characters", new TestJwt { Subject = "a/b" }.Sign() },
        { "a user id with a line break", new TestJwt { Subject = "a\nb" }.Sign() },
        { "a user id that is neither text nor a number", new TestJwt { Subject = null, OtherClaims = new Dictionary<string, object> { ["sub"] = new[] { "a" } } }.Sign() },
        { "tampered payload", Tamper(new TestJwt().Sign()) },
        { "text after the payload's JSON", new TestJwt().SignPayload(payload => payload + "xyz") },
    };

    /// <summary>A token valid but for its NumericDate <paramref name="claim"/>, written as the text of its number.</summary>
    static string WithDateAsText(string claim) =>
        new TestJwt().SignPayload(payload => System.Text.RegularExpressions.Regex.Replace(payload, $"\"{claim}\":(\\d+)", $"\"{claim}\":\"$1\""));

    /// <summary>A token whose <paramref name="claim"/> is <paramref name="value"/>, its lifetime that claim's alone.</summary>
    static string WithClaim(string claim, object value) =>
        new TestJwt { Lifetime = null, OtherClaims = new Dictionary<string, object> { [claim] = value } }.Sign();

    [Theory]
    // Signed as each row runs, not as the run discovers it: a token signed at discovery lives ten minutes, and a long run
    // reached this test after the tokens meant to be refused for their claims had expired.
    [MemberData(nameof(RefusedTokens), DisableDiscoveryEnumeration = true)]
    public async Task RefusesEveryBadTokenWith401Problem(string why, string? jwt)
    {
        await using var gateway = new GatewayFactory();
        using var client = jwt is null ? gateway.CreateClient() : gateway.CreateClient(jwt);

        var response = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, why);
        // The challenge names the scheme and nothing of why: no error or description that would tell a forger what to mend.
        Assert.Equal(["Bearer"], response.Headers.WwwAuthenticate.Select(challenge => challenge.ToString()));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJson();
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Equal(401, problem.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        // The detail says which of three it was, and nothing more: no token, an expired one, or one not valid.
        var expected = jwt is null ? "A bearer token is required."
            : why.StartsWith("expired", StringComparison.Ordinal) ? "The bearer token has expired." : "The bearer token is not valid.";
        Assert.Equal(expected, problem.GetProperty("detail").GetString());
        var body = problem.GetRawText();
        Assert.DoesNotContain("eyJ", body);
        if (jwt is not null)
        {
            Assert.DoesNotContain(jwt, body);
        }
    }

    /// <summary>
    /// The scheme's name is read in any case (RFC 9110 11.1), and a request signs in with one <c>Authorization</c> header: two,
    /// even both with the same good token, are refused as a 401 problem that names neither, since HTTP allows the header once.
    /// </summary>
    [Theory]
    [InlineData(HttpStatusCode.OK, "Bearer ")]
    [InlineData(HttpStatusCode.OK, "bearer ")]
    [InlineData(HttpStatusCode.OK, "BEARER ")]
    [InlineData(HttpStatusCode.Unauthorized, "Bearer ", "Bearer ")]
    [InlineData(HttpStatusCode.Unauthorized, "Bearer ", "Basic ")]
    public async Task TheSchemeIsReadInAnyCaseFromOneAuthorizationHeader(HttpStatusCode expected, params string[] schemes)
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();
        var jwt = new TestJwt().Sign();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/rtm-token");
        foreach (var scheme in schemes)
        {
            request.Headers.TryAddWithoutValidation("Authorization", scheme + jwt);
        }

        var response = await client.SendAsync(request, Json.Cancel);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.Equal(["Bearer"], response.Headers.WwwAuthenticate.Select(challenge => challenge.ToString()));
            Assert.DoesNotContain(jwt, await response.Content.ReadAsStringAsync(Json.Cancel));
        }
    }

    /// <summary>
    /// The user id, roles and rooms are read under the claim names configured: a teacher whose school names them
    /// <c>uid</c>, <c>groups</c> and <c>classes</c> creates and joins its class as that user and role, and a token under the
    /// default names, which then carries no user id, signs nobody in.
    /// </summary>
    [Fact]
    public async Task TheUserIdRolesAndRoomsAreReadUnderTheConfiguredClaimNames()
    {
        await using var gateway = new GatewayFactory(new Dictionary<string, string?>
        {
            ["Auth:UserIdClaim"] = "uid",
            ["Auth:RoleClaim"] = "groups",
            ["Auth:RoomsClaim"] = "classes",
        });
        using var renamed = gateway.CreateClient(new TestJwt
        {
            Subject = null,
            Roles = null,
            Rooms = null,
            OtherClaims = new Dictionary<string, object> { ["uid"] = "t-9", ["groups"] = new[] { "teacher" }, ["classes"] = new[] { "maths" } },
        }.Sign());
        using var defaults = gateway.CreateClient(TestJwt.Teacher("maths").Sign());

        var created = await renamed.PostAsync("/api/v1/rooms/maths",
            new StringContent("""{"roomName":"Maths","roomType":4}""", System.Text.Encoding.UTF8, "application/json"), Json.Cancel);
        var joined = await renamed.PostAsync("/api/v1/rooms/maths/join", null, Json.Cancel);
        var otherRoom = await renamed.PostAsync("/api/v1/rooms/physics/join", null, Json.Cancel);
        var underDefaults = await defaults.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        var launch = (await joined.ReadJson()).GetProperty("data");
        Assert.Equal(("t-9", 1), (launch.GetProperty("userUuid").GetString(), launch.GetProperty("roleType").GetInt32()));
        Assert.Equal(HttpStatusCode.Forbidden, otherRoom.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, underDefaults.StatusCode);
    }

    /// <summary>
    /// Only HS256 with the configured key: the same key under another HMAC algorithm is refused. (The key is 64 bytes,
    /// long enough for HS512, so that the algorithm alone decides.)
    /// </summary>
    [Theory]
    [InlineData(SecurityAlgorithms.HmacSha256, HttpStatusCode.OK)]
    [InlineData(SecurityAlgorithms.HmacSha384, HttpStatusCode.Unauthorized)]
    [InlineData(SecurityAlgorithms.HmacSha512, HttpStatusCode.Unauthorized)]
    public async Task OnlyHs256IsAcceptedWithTheConfiguredKey(string algorithm, HttpStatusCode expected)
    {
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(64);
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["Auth:SigningKey"] = Convert.ToBase64String(key) });
        using var client = gateway.CreateClient(new TestJwt { Key = key, Algorithm = algorithm }.Sign());

        var response = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal(expected, response.StatusCode);
    }

    /// <summary>What makes a payload with text after its JSON refused is that text, not how it was signed.</summary>
    [Fact]
    public async Task AcceptsAPayloadSignedAsWrittenWhenItIsOneJsonObject()
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient(new TestJwt().SignPayload(payload => payload + " \n"));

        var response = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AcceptsAUserIdOfSixtyThreeBytesTheLongestAgoraTakes()
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient(new TestJwt { Subject = new string('u', 63) }.Sign());

        var response = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AcceptsATokenExpiredWithinTheClockSkew()
    {
        await using var gateway = new GatewayFactory();
        // Expired 5 s ago, 25 s within the skew: room for a slow first start of the host.
        var jwt = new TestJwt { Now = DateTimeOffset.UtcNow.AddSeconds(-65), Lifetime = TimeSpan.FromSeconds(60) }.Sign();
        using var client = gateway.CreateClient(jwt);

        var response = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>
    /// The skew is 30 s: a token expired 29 s ago signs in, one expired 31 s ago does not. The lifetime is judged by the
    /// system clock, so each token is made relative to now: <c>exp</c> is whole seconds, rounded up for the one that signs
    /// in (at most 29 s old when sent) and down for the one refused (at least 31 s old, however long the request takes).
    /// A sign-in delayed past the skew by a stalled host is tried again with a fresh token, a few times at most; a skew
    /// under 29 s refuses every try.
    /// </summary>
    [Fact]
    public async Task TheClockSkewIsThirtySeconds()
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(client, new TestJwt().Sign())).StatusCode);

        var within = HttpStatusCode.Unauthorized;
        for (var attempt = 0; attempt < 5 && within != HttpStatusCode.OK; attempt++)
        {
            within = (await SignInAsync(client, ExpiredSecondsAgo(29, DateTimeOffset.UtcNow.AddSeconds(1)))).StatusCode;
        }
        var past = await SignInAsync(client, ExpiredSecondsAgo(31, DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.OK, within);
        Assert.Equal(HttpStatusCode.Unauthorized, past.StatusCode);
        Assert.Equal("The bearer token has expired.", (await past.ReadJson()).GetProperty("detail").GetString());
    }

    /// <summary>A token whose <c>exp</c> is <paramref name="seconds"/> before <paramref name="now"/>, in its whole second.</summary>
    static string ExpiredSecondsAgo(int seconds, DateTimeOffset now) => new TestJwt
    {
        Lifetime = null,
        OtherClaims = new Dictionary<string, object> { ["exp"] = now.ToUnixTimeSeconds() - seconds },
    }.Sign();

    static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string jwt)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/rtm-token");
        request.Headers.Authorization = new("Bearer", jwt);
        return await client.SendAsync(request, Json.Cancel);
    }

    /// <summary>
    /// An <c>exp</c> at the end of the calendar, or past it (milliseconds written as seconds, say), is a valid token's:
    /// its sign-in is remembered, and its end is when a stream's ticket and a stream end.
    /// </summary>
    [Theory]
    [InlineData(253402300770L)]
    [InlineData(253402300799L)]
    [InlineData(1_000_000_000_000L)]
    public async Task ATokenThatExpiresAtTheEndOfTheCalendarOrAfterSignsIn(long exp)
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient(new TestJwt { Lifetime = null, OtherClaims = new Dictionary<string, object> { ["exp"] = exp } }.Sign());

        var first = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);
        var remembered = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);
        var ticket = await client.PostAsync("/api/v1/rooms/room-1/events/ticket", null, Json.Cancel);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], [first.StatusCode, remembered.StatusCode, ticket.StatusCode]);
    }

    /// <summary>
    /// A role claim written as one string is that role, and a rooms claim written as one string is its space-separated
    /// ids: a teacher so named sets the class state of each of those rooms and of no other (the rooms string whole
    /// included), which a role or rooms not read would have refused.
    /// </summary>
    [Fact]
    public async Task ReadsRoleAndRoomsGivenAsStrings()
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(new TestJwt { Subject = "t 1", Roles = "teacher", Rooms = "room-a room-b" }.Sign());

        var minted = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);
        var statuses = new List<HttpStatusCode>();
        foreach (var room in new[] { "room-a", "room-b", "room-c", "room-a%20room-b" })
        {
            statuses.Add((await client.PutAsync($"/api/v1/rooms/{room}/states/1", null, Json.Cancel)).StatusCode);
        }

        Assert.Equal("t 1", (await minted.ReadJson()).GetProperty("data").GetProperty("uid").GetString());
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], statuses);
        Assert.Equal(2, upstream.Requests.Count);
    }

    /// <summary>
    /// A role claim string names one role, exactly: it is not split on spaces as the rooms claim is, and a role in
    /// another case is no school role, so such a caller reads nothing even of a room its rooms claim names.
    /// </summary>
    [Theory]
    [InlineData("student teacher")]
    [InlineData("Student")]
    [InlineData("TEACHER")]
    public async Task ARoleClaimStringIsOneRoleNamedExactly(string role)
    {
        await using var upstream = await RecordingUpstream.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(upstream.BaseUrl);
        using var client = gateway.CreateClient(new TestJwt { Roles = role, Rooms = "room-1" }.Sign());

        var read = await client.GetAsync("/api/v1/rooms/room-1/resources", Json.Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal("The caller's role does not allow this.", (await read.ReadJson()).GetProperty("detail").GetString());
        Assert.Empty(upstream.Requests);
    }

    /// <summary>
    /// An id written as a JSON number is its text, digit for digit: IdentityModel reads a number past a long as a
    /// double, which gave two users the same uid (and the one's cached token to the other).
    /// </summary>
    [Theory]
    [InlineData("98765432109876543210")]
    [InlineData("98765432109876543211")]
    [InlineData("12345")]
    [InlineData("1e2")]
    public async Task ReadsIdsWrittenAsNumbersAsTheTokenWritesThem(string number)
    {
        await using var gateway = new GatewayFactory();
        var jwt = new TestJwt { Subject = "number-here", Roles = "student", Rooms = new[] { "room-here" } }
            .SignPayload(payload => payload.Replace("\"number-here\"", number).Replace("\"room-here\"", number));
        using var client = gateway.CreateClient(jwt);

        var minted = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);
        var member = await client.GetAsync($"/api/v1/rooms/{number}/resources", Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        Assert.Equal(number, (await minted.ReadJson()).GetProperty("data").GetProperty("uid").GetString());
        Assert.NotEqual(HttpStatusCode.Forbidden, member.StatusCode);
    }

    /// <summary>
    /// The rooms a caller may act on come from the rooms claim alone: a claim the token carries under the gateway's own
    /// internal name for them grants nothing.
    /// </summary>
    [Theory]
    [InlineData("*")]
    [InlineData("room-2")]
    public async Task ATokensClaimUnderTheGatewaysInternalRoomNameGrantsNoRoom(string forged)
    {
        await using var gateway = new GatewayFactory();
        var jwt = new TestJwt { Rooms = new[] { "room-1" }, OtherClaims = new Dictionary<string, object> { [Gateway.Identity.Caller.RoomClaimType] = forged } };
        using var client = gateway.CreateClient(jwt.Sign());

        var member = await client.GetAsync("/api/v1/rooms/room-1/resources", Json.Cancel);
        var other = await client.GetAsync("/api/v1/rooms/room-2/resources", Json.Cancel);

        Assert.NotEqual(HttpStatusCode.Forbidden, member.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("at+jwt", true)]
    [InlineData("application/at+jwt", true)]
    // A media type, whatever its case (RFC 7515 4.1.9).
    [InlineData("AT+JWT", true)]
    [InlineData("Application/At+Jwt", true)]
    [InlineData("jwt", true)]
    [InlineData("id+jwt", false)]
    [InlineData("logout+jwt", false)]
    public async Task RequiringAnAccessTokenTypeRefusesEveryOtherTyp(string? type, bool accepted)
    {
        await using var strict = new GatewayFactory(new Dictionary<string, string?> { ["Auth:RequireAccessTokenType"] = "true" });
        await using var lenient = new GatewayFactory();
        var jwt = new TestJwt { Type = type }.Sign();

        var judged = await strict.CreateClient(jwt).PostAsync("/api/v1/rtm-token", null, Json.Cancel);
        var byDefault = await lenient.CreateClient(jwt).PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal(accepted ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, judged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byDefault.StatusCode);
    }

    [Fact]
    public async Task SigningInKeepsNoDataProtectionKeyRing()
    {
        await using var gateway = new GatewayFactory();

        var signedIn = await gateway.CreateClient(new TestJwt().Sign()).PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        // Bearer tokens and stream tickets are checked, never protected: no key ring is read or written at start.
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Null(gateway.Services.GetService<IDataProtectionProvider>());
        Assert.DoesNotContain(gateway.Services.GetServices<IHostedService>(),
            service => service.GetType().Namespace!.StartsWith("Microsoft.AspNetCore.DataProtection", StringComparison.Ordinal));
    }

    /// <summary>The token's text stays in the request's header: a sign-in, new or remembered, keeps no copy of it.</summary>
    [Fact]
    public async Task ASignInKeepsNoCopyOfItsToken()
    {
        var seen = new List<AuthenticateResult?>();
        await using var gateway = new GatewayFactory().WithWebHostBuilder(web => web.ConfigureTestServices(services =>
            services.AddSingleton<IStartupFilter>(new SignInObserver(seen))));
        var token = new TestJwt().Sign();
        var signature = token.Split('.')[2];
        using var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var first = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);
        var again = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(2, seen.Count);
        Assert.All(seen, result =>
        {
            Assert.True(result is { Succeeded: true, Properties: not null, Principal: not null });
            Assert.Null(result.Properties.GetTokenValue("access_token"));
            Assert.DoesNotContain(result.Properties.Items.Values, value => value?.Contains(signature, StringComparison.Ordinal) == true);
            Assert.DoesNotContain(result.Principal.Claims, claim => claim.Value.Contains(signature, StringComparison.Ordinal));
        });
    }

    /// <summary>Keeps each request's sign-in as the authentication middleware left it.</summary>
    sealed class SignInObserver(List<AuthenticateResult?> seen) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                await inner(context);
                lock (seen)
                {
                    seen.Add(context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult);
                }
            });
            next(app);
        };
    }

    static string Tamper(string jwt)
    {
        var parts = jwt.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, object>>(Base64UrlEncoder.Decode(parts[1]))!;
        payload["role"] = new[] { "admin" };
        return $"{parts[0]}.{Base64UrlEncoder.Encode(JsonSerializer.Serialize(payload))}.{parts[2]}";
    }
}
