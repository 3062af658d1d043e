using System.Net;
using Classroom.Agora;
using Classroom.Agora.Tokens;
using Gateway.Configuration;
using Gateway.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Caching;

public sealed class RtmTokenCacheTests
{
    /// <summary>The JWT's lifetime is checked against the real clock, so the fake one starts at the real now.</summary>
    static FakeTimeProvider RealNow() => new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    static async Task<(string Token, DateTimeOffset ExpiresAt)> MintAsync(HttpClient client)
    {
        var response = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var data = (await response.ReadJson()).GetProperty("data");
        return (data.GetProperty("token").GetString()!, data.GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task ASecondRequestGetsTheSameTokenWithoutRedis()
    {
        await using var gateway = new GatewayFactory();
        using var alice = gateway.CreateClient(new TestJwt { Subject = "alice" }.Sign());
        using var bob = gateway.CreateClient(new TestJwt { Subject = "bob" }.Sign());

        var first = await MintAsync(alice);
        var second = await MintAsync(alice);
        var other = await MintAsync(bob);

        Assert.Equal(first, second);
        Assert.NotEqual(first.Token, other.Token);
        Assert.Equal(RtmTokenCheck.Valid, RtmTokenVerifier.Check(first.Token, AgoraSandbox.Credentials, "alice", DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task ConcurrentRequestsOfOneUserShareOneMint()
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient(new TestJwt { Subject = "alice" }.Sign());

        var tokens = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => MintAsync(client)));

        Assert.Single(tokens.Select(t => t.Token).Distinct());
    }

    [Theory]
    [InlineData(RedisDeployments.Server)]
    [InlineData(RedisDeployments.Cluster)]
    public async Task TwoInstancesHandOutTheOneTokenStoredInRedis(string redis)
    {
        await using var cluster = await GatewayCluster.StartAsync(await RedisDeployments.StartAsync(redis));
        // As the caller, so that the forwarded reads carry alice's RTM token too.
        var first = await cluster.AddConnectedInstanceAsync(UpstreamCredentialAssert.SettingFor(UpstreamCredential.Caller));
        var second = await cluster.AddConnectedInstanceAsync(UpstreamCredentialAssert.SettingFor(UpstreamCredential.Caller));
        var jwt = new TestJwt { Subject = "alice", Rooms = new[] { "room-1", "room-2" } }.Sign();
        using var one = first.CreateClient(jwt);
        using var two = second.CreateClient(jwt);

        // Both instances race for a token nobody has minted yet: one wins, and both hand out the winner.
        var raced = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => MintAsync(i % 2 == 0 ? one : two)));
        // Two rooms, so that neither read is answered from the list cache: both go upstream as alice.
        var forwarded = await Task.WhenAll(one.GetAsync("/api/v1/rooms/room-1/resources", Json.Cancel), two.GetAsync("/api/v1/rooms/room-2/resources", Json.Cancel));

        var token = Assert.Single(raced.Select(t => t.Token).Distinct());
        Assert.All(forwarded, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(2, cluster.ListReads);
        Assert.All(cluster.ResourceRequests, received => Assert.Equal(token, received.Header("x-agora-token")));
        Assert.Equal(RtmTokenCheck.Valid, RtmTokenVerifier.Check(token, AgoraSandbox.Credentials, "alice", DateTimeOffset.UtcNow));
    }

    /// <summary>Instances that share Redis but mint for different lifetimes each hand out a token of their own lifetime.</summary>
    [Fact]
    public async Task InstancesOfDifferentLifetimesHandOutTokensOfTheirOwn()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var hourly = new GatewayFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration });
        await using var shorter = new GatewayFactory(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = redis.Configuration,
            ["Agora:TokenLifetimeSeconds"] = "600",
        });
        await GatewayCluster.WaitUntilRedisAnswers(hourly);
        await GatewayCluster.WaitUntilRedisAnswers(shorter);
        var jwt = new TestJwt { Subject = "alice" }.Sign();
        using var one = hourly.CreateClient(jwt);
        using var two = shorter.CreateClient(jwt);

        var fromHourly = await MintAsync(one);
        var fromShorter = await MintAsync(two);

        Assert.InRange(fromHourly.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(3000), TimeSpan.FromSeconds(3600));
        Assert.InRange(fromShorter.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(300), TimeSpan.FromSeconds(600));
    }

    /// <summary>
    /// Instances that share Redis under another certificate, or another app id, never hand out each other's tokens: each
    /// token a user is handed is signed with the certificate of the instance that hands it out.
    /// </summary>
    [Theory]
    [InlineData("Agora:AppCertificate", "fedcba9876543210fedcba9876543210")]
    [InlineData("Agora:AppId", "0123456789abcdef0123456789abcdef")]
    public async Task InstancesOfAnotherAppOrCertificateHandOutTokensOfTheirOwn(string key, string value)
    {
        await using var redis = await RedisServer.StartAsync();
        await using var sandbox = new GatewayFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration });
        await using var other = new GatewayFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = redis.Configuration, [key] = value });
        await GatewayCluster.WaitUntilRedisAnswers(sandbox);
        await GatewayCluster.WaitUntilRedisAnswers(other);
        var jwt = new TestJwt { Subject = "alice" }.Sign();
        using var one = sandbox.CreateClient(jwt);
        using var two = other.CreateClient(jwt);
        var otherCredentials = key == "Agora:AppId" ? new AgoraCredentials(value, AgoraSandbox.AppCertificate) : new AgoraCredentials(AgoraSandbox.AppId, value);

        var fromSandbox = await MintAsync(one);
        var fromOther = await MintAsync(two);
        var fromSandboxAgain = await MintAsync(one);

        Assert.NotEqual(fromSandbox.Token, fromOther.Token);
        Assert.Equal(fromSandbox.Token, fromSandboxAgain.Token);
        Assert.Equal(RtmTokenCheck.Valid, RtmTokenVerifier.Check(fromSandbox.Token, AgoraSandbox.Credentials, "alice", DateTimeOffset.UtcNow));
        Assert.Equal(RtmTokenCheck.Valid, RtmTokenVerifier.Check(fromOther.Token, otherCredentials, "alice", DateTimeOffset.UtcNow));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ATokenCloseToExpiryIsNeverHandedOut(bool withRedis)
    {
        await using var redis = withRedis ? await RedisServer.StartAsync() : null;
        var clock = RealNow();
        var settings = new Dictionary<string, string?> { ["Redis:Configuration"] = redis?.Configuration };
        await using var first = new GatewayFactory(settings) { Clock = clock };
        await using var second = new GatewayFactory(settings) { Clock = clock };
        await GatewayCluster.WaitUntilRedisAnswers(first);
        await GatewayCluster.WaitUntilRedisAnswers(second);
        var jwt = new TestJwt { Subject = "alice" }.Sign();
        using var one = first.CreateClient(jwt);
        using var two = second.CreateClient(jwt);
        // A 3600 s token is reused while at least max(5 min, 20 %) = 720 s of it remains: for its first 2880 s.
        var margin = TimeSpan.FromSeconds(720);

        var minted = await MintAsync(one);
        clock.Advance(TimeSpan.FromSeconds(2879));
        var nearlyDue = await MintAsync(one);
        clock.Advance(TimeSpan.FromSeconds(2));
        var renewed = await MintAsync(withRedis ? two : one);
        var renewedElsewhere = await MintAsync(one);

        Assert.Equal(minted, nearlyDue);
        Assert.NotEqual(minted.Token, renewed.Token);
        Assert.True(renewed.ExpiresAt - clock.GetUtcNow() >= margin);
        Assert.Equal(renewed, renewedElsewhere);
        Assert.Equal(RtmTokenCheck.Valid, RtmTokenVerifier.Check(renewed.Token, AgoraSandbox.Credentials, "alice", clock.GetUtcNow()));
    }

    [Fact]
    public async Task AShortLifetimeIsMintedAfreshEveryTime()
    {
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["Agora:TokenLifetimeSeconds"] = "300" });
        using var client = gateway.CreateClient(new TestJwt { Subject = "alice" }.Sign());
        // Salts are random, so two mints differ even within one second.
        var tokens = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => MintAsync(client)));

        Assert.Equal(4, tokens.Select(t => t.Token).Distinct().Count());
    }
}
