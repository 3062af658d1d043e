using System.Net;
using Classroom.Agora;
using Gateway.RateLimiting;
using Gateway.Tests.Events;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.RateLimiting;

public sealed class RateLimitTests
{
    static Task<HttpResponseMessage> MintAsync(HttpClient client) => client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);

    /// <summary>A 429 of the limit, whose detail says whom it counted: a user, or an address that signed in to nothing.</summary>
    static async Task AssertRefused(HttpResponseMessage response, int permits, string per = "per user")
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        var problem = await response.ReadJson();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal(429, problem.GetProperty("code").GetInt32());
        Assert.Contains($"{permits} requests per minute {per}", problem.GetProperty("detail").GetString());
    }

    /// <summary>
    /// Requests racing to open one new partition (a stranger's address here) keep one window and count it once: a count
    /// that drifted above the table's made the instance sweep the whole table at every new partition once past 10,000.
    /// </summary>
    [Fact]
    public async Task RequestsRacingToOpenOnePartitionCountItOnce()
    {
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["RateLimit:PermitsPerMinute"] = "1000" });
        var limiter = gateway.Services.GetRequiredService<PerUserRateLimiter>();
        const int partitions = 200, racers = 8;

        HttpContext Stranger(int partition)
        {
            var request = new DefaultHttpContext { RequestServices = gateway.Services };
            request.Request.Path = "/api/v1/rooms/room-1";
            request.Connection.RemoteIpAddress = new IPAddress([0x20, 0x01, 0x0d, 0xb8, 0, 0, (byte)(partition >> 8), (byte)partition, 0, 0, 0, 0, 0, 0, 0, 1]);
            return request;
        }

        for (var partition = 0; partition < partitions; partition++)
        {
            using var together = new Barrier(racers);
            var requests = Enumerable.Range(0, racers).Select(_ => Stranger(partition)).ToList();
            var threads = requests.Select(request => new Thread(() =>
            {
                together.SignalAndWait();
                limiter.AttemptAcquire(request).Dispose();
            })).ToList();
            threads.ForEach(thread => thread.Start());
            threads.ForEach(thread => thread.Join());
        }

        Assert.Equal(partitions, limiter.Partitions);
    }

    /// <summary>
    /// A request that took its partition's window from the table just as a sweep let go of it (the window had ended)
    /// counts in the window the table holds, not in one of its own that nobody else sees: the partition's next requests,
    /// finding none, made another, and the user was admitted more than the allowance in one minute.
    /// </summary>
    [Fact]
    public async Task ARequestOnAWindowTheSweepLetGoOfCountsInTheWindowOfTheTable()
    {
        var clock = new HoldingClock();
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["RateLimit:PermitsPerMinute"] = "2" }) { Clock = clock };
        var limiter = gateway.Services.GetRequiredService<PerUserRateLimiter>();
        bool Admitted(IPAddress address)
        {
            var request = new DefaultHttpContext { RequestServices = gateway.Services };
            request.Request.Path = "/api/v1/rooms/room-1";
            request.Connection.RemoteIpAddress = address;
            using var lease = limiter.AttemptAcquire(request);
            return lease.IsAcquired;
        }
        IPAddress Stranger(int network) => new([0x20, 0x01, 0x0d, 0xb8, 0, 0, (byte)(network >> 8), (byte)network, 0, 0, 0, 0, 0, 0, 0, 1]);
        var user = IPAddress.Parse("198.51.100.1");
        Assert.True(Admitted(user));
        for (var network = 1; network < 10_000; network++) // the table's fill past which a new partition sweeps it
        {
            Admitted(Stranger(network));
        }
        clock.Advance(PerUserRateLimiter.Window);

        var first = false;
        var request = new Thread(() => first = Admitted(user));
        clock.HoldNextReadOn(request); // holds the request as it counts on the window it took
        request.Start();
        clock.WaitUntilHeld();
        var sweeper = new Thread(() => Admitted(Stranger(10_000)));
        sweeper.Start();
        // The sweep either ends, or waits for the request to be done with the window; released either way, the request
        // and the sweep must leave the user one allowance.
        SpinWait.SpinUntil(() => (sweeper.ThreadState & (ThreadState.Stopped | ThreadState.WaitSleepJoin)) != 0, TimeSpan.FromSeconds(30));
        clock.Release();
        request.Join();
        sweeper.Join();
        bool[] next = [Admitted(user), Admitted(user)];

        Assert.True(first);
        Assert.Equal([true, false], next);
    }

    /// <summary>A fake clock that holds one thread at its next reading of the time, until the test releases it.</summary>
    sealed class HoldingClock() : FakeTimeProvider(DateTimeOffset.UtcNow)
    {
        readonly ManualResetEventSlim _held = new(), _released = new();
        Thread? _holding;

        public void HoldNextReadOn(Thread thread) => Volatile.Write(ref _holding, thread);

        public void WaitUntilHeld() => Assert.True(_held.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));

        public void Release() => _released.Set();

        public override DateTimeOffset GetUtcNow()
        {
            if (Interlocked.CompareExchange(ref _holding, null, Thread.CurrentThread) == Thread.CurrentThread)
            {
                _held.Set();
                _released.Wait(TestContext.Current.CancellationToken);
            }
            return base.GetUtcNow();
        }
    }

    /// <summary>
    /// An anonymous caller on IPv6 counts against its /64, which a single host picks its addresses from at will: a new
    /// address in it is no new allowance. Another /64 has its own, and an IPv4 client counts as the same one whether the
    /// socket shows its address as IPv4 or IPv4-mapped IPv6.
    /// </summary>
    [Fact]
    public async Task AnAnonymousIpv6CallerCountsAgainstItsSlash64AndAnIpv4OneAgainstItsAddressHoweverShown()
    {
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["RateLimit:PermitsPerMinute"] = "2" });
        var limiter = gateway.Services.GetRequiredService<PerUserRateLimiter>();
        bool Admitted(string address)
        {
            var request = new DefaultHttpContext { RequestServices = gateway.Services };
            request.Request.Path = "/api/v1/rooms/room-1";
            request.Connection.RemoteIpAddress = IPAddress.Parse(address);
            using var lease = limiter.AttemptAcquire(request);
            return lease.IsAcquired;
        }

        bool[] oneHost = [Admitted("2001:db8:1:2::1"), Admitted("2001:db8:1:2::2"), Admitted("2001:db8:1:2:ffff:ffff:ffff:ffff")];
        var nextNetwork = Admitted("2001:db8:1:3::1");
        bool[] ipv4 = [Admitted("192.0.2.7"), Admitted("::ffff:192.0.2.7"), Admitted("192.0.2.7")];
        var nextIpv4 = Admitted("192.0.2.8");

        Assert.Equal([true, true, false], oneHost);
        Assert.True(nextNetwork);
        Assert.Equal([true, true, false], ipv4);
        Assert.True(nextIpv4);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OneUsersBurstIsRefusedWhileAnotherUserStillPasses(bool withRedis)
    {
        await using var redis = withRedis ? await RedisServer.StartAsync() : null;
        await using var gateway = new GatewayFactory(new Dictionary<string, string?>
        {
            ["RateLimit:PermitsPerMinute"] = "3",
            ["Redis:Configuration"] = redis?.Configuration,
        });
        await GatewayCluster.WaitUntilRedisAnswers(gateway);
        using var alice = gateway.CreateClient(new TestJwt { Subject = "alice" }.Sign());
        using var bob = gateway.CreateClient(new TestJwt { Subject = "bob" }.Sign());

        var allowed = new[] { await MintAsync(alice), await MintAsync(alice), await MintAsync(alice) };
        var refused = await MintAsync(alice);
        var other = await MintAsync(bob);
        var health = await alice.GetAsync("/healthz", Json.Cancel);

        Assert.All(allowed, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        await AssertRefused(refused, 3);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    /// <summary>
    /// Anonymous calls to the API count against their client address, apart from any signed-in user's allowance from that
    /// address; Swagger UI's document and the sandbox's <c>/dev/token</c> are not limited at all.
    /// </summary>
    [Fact]
    public async Task AnonymousCallsCountAgainstTheirAddressAndSwaggerAndDevTokensAgainstNothing()
    {
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["RateLimit:PermitsPerMinute"] = "2" });
        using var anonymous = new HttpClient { BaseAddress = gateway.StartOnASocket() };
        using var alice = new HttpClient { BaseAddress = anonymous.BaseAddress };
        alice.DefaultRequestHeaders.Authorization = new("Bearer", new TestJwt { Subject = "alice" }.Sign());

        var strangers = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            strangers.Add(await anonymous.GetAsync("/api/v1/rooms/room-1", Json.Cancel));
        }
        var signedIn = await MintAsync(alice);
        var unlimited = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            unlimited.Add(await anonymous.GetAsync("/swagger/v1/swagger.json", Json.Cancel));
            unlimited.Add(await anonymous.PostAsync("/dev/token", new StringContent("""{"sub":"bob"}""", System.Text.Encoding.UTF8, "application/json"), Json.Cancel));
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], strangers.Take(2).Select(r => r.StatusCode));
        await AssertRefused(strangers[2], 2, "per client address");
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.All(unlimited, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
    }

    /// <summary>
    /// A CORS preflight, which a browser sends without credentials before a call and then caches, is answered before the
    /// limiter, for an allowed origin or not: it takes none of its address's permits. Nor do <c>/metrics</c> and the health routes.
    /// </summary>
    [Fact]
    public async Task PreflightsMetricsAndHealthCountAgainstNothing()
    {
        await using var gateway = new GatewayFactory(new Dictionary<string, string?>
        {
            ["RateLimit:PermitsPerMinute"] = "1",
            ["Cors:AllowedOrigins:0"] = "https://school.example",
        });
        using var anonymous = new HttpClient { BaseAddress = gateway.StartOnASocket() };
        HttpRequestMessage Preflight(string origin)
        {
            var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/rtm-token");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            return preflight;
        }

        var unlimited = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            unlimited.Add(await anonymous.SendAsync(Preflight("https://school.example"), Json.Cancel));
            unlimited.Add(await anonymous.SendAsync(Preflight("https://elsewhere.example"), Json.Cancel));
            unlimited.Add(await anonymous.GetAsync("/metrics", Json.Cancel));
            unlimited.Add(await anonymous.GetAsync("/healthz", Json.Cancel));
            unlimited.Add(await anonymous.GetAsync("/readyz", Json.Cancel));
        }
        var first = await MintAsync(anonymous);
        var second = await MintAsync(anonymous);

        Assert.All(unlimited, response => Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage!.RequestUri}: {response.StatusCode}"));
        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        await AssertRefused(second, 1, "per client address");
    }

    /// <summary>
    /// The admins' passthrough (<c>/edu/…</c>) is limited as the API is, on the caller's one allowance: calls to Agora
    /// through it are no way around the limit.
    /// </summary>
    [Fact]
    public async Task ThePassthroughDrawsOnTheCallersAllowanceAsTheApiDoes()
    {
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["RateLimit:PermitsPerMinute"] = "2" });
        using var admin = gateway.CreateClient(TestJwt.Admin().Sign());
        const string passthrough = "/edu/apps/" + AgoraSandbox.AppId + "/v2/rooms/room-1";

        var api = await admin.GetAsync("/api/v1/rooms/room-1", Json.Cancel);
        var first = await admin.GetAsync(passthrough, Json.Cancel);
        var second = await admin.GetAsync(passthrough, Json.Cancel);

        Assert.NotEqual(HttpStatusCode.TooManyRequests, api.StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, first.StatusCode);
        await AssertRefused(second, 2);
    }

    /// <summary>A room stream takes its caller's permit as it opens, and the allowance is the one the caller's other requests draw on.</summary>
    [Fact]
    public async Task AStreamCountsAgainstItsCallersLimitAsItOpens()
    {
        const string stream = "/api/v1/rooms/room-1/events/stream";
        await using var queue = await FakeEventQueue.StartAsync();
        await using var gateway = GatewayFactory.InFrontOf(queue.BaseUrl, ("RateLimit:PermitsPerMinute", "3"));
        using var student = gateway.CreateClient(TestJwt.Student("room-1").Sign());

        await using var first = await SseReader.OpenAsync(student, stream);
        await using var second = await SseReader.OpenAsync(student, stream);
        var minted = await MintAsync(student);
        var thirdStream = await student.GetAsync(stream, HttpCompletionOption.ResponseHeadersRead, Json.Cancel);
        var afterThem = await MintAsync(student);

        Assert.Equal(HttpStatusCode.OK, first.Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        await AssertRefused(thirdStream, 3);
        await AssertRefused(afterThem, 3);
    }

    /// <summary>
    /// A signed-in caller's request for a stream is counted as it arrives, not where the stream opens: its refusals before
    /// the handler (a room outside the caller's rooms, an id the routes refuse, a dirty kick's ban) were never counted,
    /// and each cost its checks, the ban's look-up among them, without limit.
    /// </summary>
    [Fact]
    public async Task ASignedInCallersStreamRequestsTheRouteRefusesCountAgainstTheCaller()
    {
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["RateLimit:PermitsPerMinute"] = "3" });
        using var teacher = gateway.CreateClient(TestJwt.Teacher("maths").Sign());
        var tooLong = new string('a', 64); // a member's room, by the claim, whose id no Agora route takes
        using var student = gateway.CreateClient(new TestJwt { Subject = "student-1", Rooms = new[] { "maths", tooLong } }.Sign());
        Assert.Equal(HttpStatusCode.OK, (await teacher.PostAsync("/api/v1/rooms/maths", Json.Body("""{"roomName":"Maths","roomType":4}"""), Json.Cancel)).StatusCode);
        await Launch.KickedJoinTests.EnterAsync(gateway.Emulator.BaseUrl, "maths", "student-1", 2);
        Assert.Equal(HttpStatusCode.OK, (await teacher.PostAsync("/api/v1/rooms/maths/users/student-1/exit",
            Json.Body("""{"dirty":{"state":1,"duration":600}}"""), Json.Cancel)).StatusCode);

        var refused = new[]
        {
            await student.GetAsync("/api/v1/rooms/physics/events/stream", HttpCompletionOption.ResponseHeadersRead, Json.Cancel),
            await student.GetAsync($"/api/v1/rooms/{tooLong}/events/stream", HttpCompletionOption.ResponseHeadersRead, Json.Cancel),
            await student.GetAsync("/api/v1/rooms/maths/events/stream", HttpCompletionOption.ResponseHeadersRead, Json.Cancel),
        };
        var overTheLimit = await student.GetAsync("/api/v1/rooms/physics/events/stream", HttpCompletionOption.ResponseHeadersRead, Json.Cancel);

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.BadRequest, HttpStatusCode.Forbidden], refused.Select(response => response.StatusCode));
        await AssertRefused(overTheLimit, 3);
    }

    /// <summary>
    /// A signed-in caller's request for a stream is counted by its endpoint, which a request that signed in to nothing
    /// never reaches: such requests (no credential, a ticket that is no ticket, a forged JWT) count against their address
    /// as on every other route, rather than each costing a sign-in, and a ticket's look-up, unlimited.
    /// </summary>
    [Fact]
    public async Task AnonymousRequestsForAStreamCountAgainstTheirAddress()
    {
        const string stream = "/api/v1/rooms/room-1/events/stream";
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["RateLimit:PermitsPerMinute"] = "3" });
        using var anonymous = new HttpClient { BaseAddress = gateway.StartOnASocket() };
        using var forged = new HttpClient { BaseAddress = anonymous.BaseAddress };
        forged.DefaultRequestHeaders.Authorization = new("Bearer", new TestJwt { Subject = "student-1", Key = new byte[32] }.Sign());

        var refused = new[]
        {
            await anonymous.GetAsync(stream, Json.Cancel),
            await anonymous.GetAsync(stream + "?ticket=" + new string('A', 43), Json.Cancel),
            await forged.GetAsync(stream, Json.Cancel),
        };
        var overTheLimit = await anonymous.GetAsync(stream + "?ticket=" + new string('B', 43), Json.Cancel);

        Assert.All(refused, response => Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode));
        await AssertRefused(overTheLimit, 3, "per client address");
    }

    [Theory]
    [InlineData(RedisDeployments.Server)]
    [InlineData(RedisDeployments.Cluster)]
    public async Task TwoInstancesDrawOnOneAllowancePerUserThroughRedis(string redis)
    {
        await using var cluster = await GatewayCluster.StartAsync(await RedisDeployments.StartAsync(redis));
        var first = await cluster.AddConnectedInstanceAsync(("RateLimit:PermitsPerMinute", "4"));
        var second = await cluster.AddConnectedInstanceAsync(("RateLimit:PermitsPerMinute", "4"));
        var jwt = TestJwt.Student("room-1").Sign();
        using var onFirst = first.CreateClient(jwt);
        using var onSecond = second.CreateClient(jwt);

        var allowed = new[]
        {
            await MintAsync(onFirst), await onSecond.GetAsync("/api/v1/rooms/room-1/resources", Json.Cancel),
            await MintAsync(onSecond), await MintAsync(onFirst),
        };
        var refusedOnFirst = await MintAsync(onFirst);
        var refusedOnSecond = await MintAsync(onSecond);

        Assert.All(allowed, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        await AssertRefused(refusedOnFirst, 4);
        await AssertRefused(refusedOnSecond, 4);
    }

    [Fact]
    public async Task InstancesReservePermitsAFewAtATimeAndTogetherNeverExceedTheAllowance()
    {
        await using var cluster = await GatewayCluster.StartAsync();
        var first = await cluster.AddConnectedInstanceAsync(("RateLimit:PermitsPerMinute", "100"));
        var second = await cluster.AddConnectedInstanceAsync(("RateLimit:PermitsPerMinute", "100"));
        var jwt = TestJwt.Student("room-1").Sign();
        using var onFirst = first.CreateClient(jwt);
        using var onSecond = second.CreateClient(jwt);
        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(cluster.Redis!.Configuration);
        var counter = SandboxKeys.Rate + "user:student-1";

        for (var i = 0; i < 9; i++)
        {
            await MintAsync(onFirst);
        }
        var countedAfterNine = (long)await redis.GetDatabase().StringGetAsync(counter);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 110; i++)
        {
            statuses.Add((await MintAsync(i % 2 == 0 ? onFirst : onSecond)).StatusCode);
        }

        // 100 a minute reserves 2 at a time: nine requests took five reservations, one permit still held.
        Assert.Equal(10, countedAfterNine);
        var allowed = 9 + statuses.Count(s => s == HttpStatusCode.OK);
        Assert.InRange(allowed, 100 - 2, 100);
        // An instance may still spend a permit it holds after the other was refused; then both refuse.
        Assert.All(statuses.TakeLast(5), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    [Fact]
    public async Task ConcurrentRequestsOfOneUserShareOneReservationAndTheWholeAllowanceIsServed()
    {
        await using var cluster = await GatewayCluster.StartAsync();
        var gateway = await cluster.AddConnectedInstanceAsync(("RateLimit:PermitsPerMinute", "100"));
        using var client = gateway.CreateClient(TestJwt.Student("room-1").Sign());
        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(cluster.Redis!.Configuration);

        var burst = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => MintAsync(client)));
        var countedAfterBurst = (long)await redis.GetDatabase().StringGetAsync(SandboxKeys.Rate + "user:student-1");
        var after = new List<HttpStatusCode>();
        for (var i = 0; i < 70; i++)
        {
            after.Add((await MintAsync(client)).StatusCode);
        }

        Assert.All(burst, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        // Reserved two at a time, one reservation in flight: the forty took what they spent, and at most one block more.
        Assert.InRange(countedAfterBurst, 40, 42);
        // The burst wasted none of the allowance: one instance serves all of it, then refuses.
        Assert.Equal(60, after.Count(s => s == HttpStatusCode.OK));
        Assert.All(after.Skip(60), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    /// <summary>
    /// With Redis down, or hung (stopped, its sockets open), an instance still limits, in the window Redis last counted:
    /// what the user spent through Redis counts there, so the outage gives them no second allowance. A hung Redis costs a
    /// bounded wait, not a request that never ends.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WithRedisDownAnInstanceLimitsInProcessWhatIsLeftOfTheWindowRedisCounted(bool hung)
    {
        await using var redis = await RedisServer.StartAsync();
        await using var gateway = new GatewayFactory(new Dictionary<string, string?>
        {
            ["RateLimit:PermitsPerMinute"] = "3",
            ["Redis:Configuration"] = redis.Configuration,
        });
        await GatewayCluster.WaitUntilRedisAnswers(gateway);
        using var alice = gateway.CreateClient(new TestJwt { Subject = "alice" }.Sign());
        using var bob = gateway.CreateClient(new TestJwt { Subject = "bob" }.Sign());
        // Far longer than the tests' command timeout (5 s): a request that waited on a hung Redis unbounded fails here.
        alice.Timeout = bob.Timeout = TimeSpan.FromSeconds(30);
        var throughRedis = await MintAsync(alice);

        Action outage = hung ? redis.Freeze : redis.Kill;
        outage();
        HttpResponseMessage[] allowed, refused;
        try
        {
            allowed = [throughRedis, await MintAsync(alice), await MintAsync(bob), await MintAsync(alice), await MintAsync(bob)];
            refused = [await MintAsync(alice), await MintAsync(alice)];
        }
        finally
        {
            if (hung)
            {
                redis.Thaw();
            }
        }

        Assert.All(allowed, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        foreach (var response in refused)
        {
            await AssertRefused(response, 3);
        }
    }

    /// <summary>
    /// What an instance admits in process while Redis refuses is owed to Redis and counted there with the next
    /// reservation it answers: over a window with an outage in its middle, one instance admits the allowance once, and
    /// the other instances learn of all of it. (Refused writes rather than a frozen server: a command given up on is
    /// still run once the server wakes, which would count twice.)
    /// </summary>
    [Fact]
    public async Task WhatAnInstanceAdmittedWhileRedisRefusedIsCountedThereOnceItAnswers()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var gateway = new GatewayFactory(new Dictionary<string, string?>
        {
            ["RateLimit:PermitsPerMinute"] = "100",
            ["Redis:Configuration"] = redis.Configuration,
        });
        await GatewayCluster.WaitUntilRedisAnswers(gateway);
        using var alice = gateway.CreateClient(new TestJwt { Subject = "alice" }.Sign());
        using var counter = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var statuses = new List<HttpStatusCode>();
        async Task MintTimes(int times)
        {
            for (var i = 0; i < times; i++)
            {
                statuses.Add((await MintAsync(alice)).StatusCode);
            }
        }

        await MintTimes(9);
        await redis.CliAsync("CONFIG", "SET", "maxmemory-policy", "noeviction");
        await redis.CliAsync("CONFIG", "SET", "maxmemory", "1");
        await MintTimes(20);
        var countedDuringTheRefusal = (long)await counter.GetDatabase().StringGetAsync(SandboxKeys.Rate + "user:alice");
        await redis.CliAsync("CONFIG", "SET", "maxmemory", "0");
        await MintTimes(100);
        var counted = (long)await counter.GetDatabase().StringGetAsync(SandboxKeys.Rate + "user:alice");

        Assert.Equal(10, countedDuringTheRefusal);
        Assert.All(statuses.Take(29), s => Assert.Equal(HttpStatusCode.OK, s));
        // 100 a minute reserves 2 at a time: whichever way a permit was counted, the window admits 100, and Redis has
        // counted them all, with the block that found the window spent.
        Assert.Equal(100, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(102, counted);
    }

    /// <summary>
    /// Counted in process, a user's window opens with their first request and <c>Retry-After</c> says when it ends:
    /// not a whole window from every refusal.
    /// </summary>
    [Fact]
    public async Task InProcessRetryAfterSaysWhenTheUsersWindowEnds()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["RateLimit:PermitsPerMinute"] = "2" }) { Clock = clock };
        using var alice = gateway.CreateClient(new TestJwt { Subject = "alice" }.Sign());

        var allowed = new[] { await MintAsync(alice) };
        clock.Advance(TimeSpan.FromSeconds(25));
        allowed = [.. allowed, await MintAsync(alice)];
        var refused = await MintAsync(alice);
        clock.Advance(TimeSpan.FromSeconds(34));
        var stillRefused = await MintAsync(alice);
        clock.Advance(TimeSpan.FromSeconds(1));
        var nextWindow = await MintAsync(alice);

        Assert.All(allowed, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        await AssertRefused(refused, 2);
        Assert.Equal(TimeSpan.FromSeconds(35), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(TimeSpan.FromSeconds(1), stillRefused.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, nextWindow.StatusCode);
    }
}
