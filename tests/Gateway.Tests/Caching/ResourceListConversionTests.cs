using System.Net;
using System.Globalization;
using Gateway.Redis;
using Gateway.Resources;
using Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Gateway.Tests.Support.ResourceReads;

namespace Gateway.Tests.Caching;

/// <summary>
/// A conversion's progress changes at Agora without a write, and Agora is not known to report it: a list that shows a
/// conversion still running is read again after <see cref="ResourceListCache.ConvertingTimeToLive"/>, where the class saw
/// the conversion stuck at its first step for the whole minute of the list.
/// </summary>
public sealed class ResourceListConversionTests
{
    const string Room = "room-1";

    /// <summary>
    /// The sandbox's conversion moves with the gateway's clock: seen running, the list is read again once the short time
    /// has passed (in process, on the clock; with Redis, its key lives that long), and, seen finished, kept the full time.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AListWhoseConversionIsRunningIsReadAgainWithinSecondsAndOnceFinishedKeptTheFullTime(bool withRedis)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var redis = withRedis ? await RedisServer.StartAsync() : null;
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["Redis:Configuration"] = redis?.Configuration }) { Clock = clock };
        if (withRedis)
        {
            await GatewayCluster.WaitUntilRedisAnswers(gateway);
        }
        using var teacher = gateway.CreateClient(TestJwt.Teacher(Room).Sign());
        var created = await teacher.PostAsync($"/api/v1/rooms/{Room}",
            Json.Body("""{"roomName":"Slides","roomType":4,"roomProperties":{"schedule":{"startTime":1,"duration":3600,"closeDelay":60}}}"""), Json.Cancel);
        // One page: the emulator extracts it for 2 s, then converts it in 1 s.
        var uploaded = await teacher.PutAsync($"/api/v1/rooms/{Room}/resources/slides",
            Json.Body("""{"resourceName":"Slides","size":10,"ext":"pptx","url":"https://files.school.example/slides.pptx","conversion":{"type":"dynamic"}}"""),
            Json.Cancel);

        var running = await ReadAsync(teacher);
        var runningAgain = await ReadAsync(teacher);
        var runningLivesFor = await LivesForAsync(redis);
        clock.Advance(ResourceListCache.ConvertingTimeToLive);
        var finished = await Poll.Until(() => ReadAsync(teacher), read => read.CacheStatus == "MISS", TimeSpan.FromSeconds(15));
        var finishedLivesFor = await LivesForAsync(redis);
        clock.Advance(ResourceListCache.ConvertingTimeToLive);
        var finishedAgain = await ReadAsync(teacher);

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "MISS", 0, "Extracting"), Progress(running));
        Assert.Equal((HttpStatusCode.OK, "HIT", 0, "Extracting"), Progress(runningAgain));
        Assert.Equal((HttpStatusCode.OK, "MISS", 100, "Packaging"), Progress(finished));
        Assert.Equal((HttpStatusCode.OK, "HIT", 100, "Packaging"), Progress(finishedAgain));
        if (withRedis)
        {
            Assert.InRange(runningLivesFor, 1, (long)ResourceListCache.ConvertingTimeToLive.TotalMilliseconds);
            Assert.InRange(finishedLivesFor, (long)ResourceListCache.ConvertingTimeToLive.TotalMilliseconds + 1,
                (long)SharedRoomCache.TimeToLive.TotalMilliseconds);
        }
    }

    /// <summary>
    /// What a running conversion is, read from Agora's fields: <c>convert</c> set and the task neither at 100 % nor said
    /// to be finished or failed by a <c>status</c> (Agora's own client reads one: Waiting, Converting, Finished, Fail). A
    /// failed conversion changes no more, so its list is kept the full time; one with no progress yet is running.
    /// </summary>
    [Theory]
    [InlineData("""{"resourceUuid":"a","convert":true,"taskUuid":"t","taskProgress":{"totalPageSize":5,"convertedPageSize":2,"convertedPercentage":40,"currentStep":"GeneratingPreview"}}""", true)]
    [InlineData("""{"resourceUuid":"a","convert":true,"taskUuid":"t"}""", true)]
    [InlineData("""{"resourceUuid":"a","convert":true,"taskUuid":"t","taskProgress":{"status":"Waiting","convertedPercentage":0}}""", true)]
    [InlineData("""{"resourceUuid":"a","convert":true,"taskUuid":"t","taskProgress":{"totalPageSize":5,"convertedPageSize":5,"convertedPercentage":100,"currentStep":"Packaging"}}""", false)]
    [InlineData("""{"resourceUuid":"a","convert":true,"taskUuid":"t","taskProgress":{"status":"Fail","convertedPercentage":40,"currentStep":"GeneratingPreview"}}""", false)]
    [InlineData("""{"resourceUuid":"a","convert":true,"taskUuid":"t","taskProgress":{"status":"Finished","convertedPercentage":100}}""", false)]
    [InlineData("""{"resourceUuid":"a","convert":false}""", false)]
    [InlineData("""{"resourceUuid":"a","ext":"pdf"}""", false)]
    [InlineData("""{"resourceUuid":"a","convert":false},{"resourceUuid":"b","convert":true,"taskProgress":{"convertedPercentage":100}},{"resourceUuid":"c","convert":true,"taskProgress":{"convertedPercentage":99}}""", true)]
    public async Task OnlyAListShowingAConversionRunningIsKeptBriefly(string resources, bool brief)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = await GatewayCluster.StartAsync(withRedis: false);
        var body = $$"""{"code":0,"msg":"Success","ts":1,"data":[{{resources}}]}""";
        cluster.Upstream.Respond = context => RecordingUpstream.Reply(context, 200, body);
        var gateway = await cluster.AddConnectedInstanceAsync(services => services.AddSingleton<TimeProvider>(clock));
        using var client = gateway.CreateClient(TestJwt.Student(Room).Sign());

        var first = await ReadAsync(client);
        clock.Advance(ResourceListCache.ConvertingTimeToLive - TimeSpan.FromMilliseconds(1));
        var withinTheShortTime = await ReadAsync(client);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var afterIt = await ReadAsync(client);
        clock.Advance(SharedRoomCache.TimeToLive - ResourceListCache.ConvertingTimeToLive);
        var afterTheFullTime = await ReadAsync(client);

        Assert.Equal((HttpStatusCode.OK, "MISS", body), first);
        Assert.Equal((HttpStatusCode.OK, "HIT", body), withinTheShortTime);
        Assert.Equal((HttpStatusCode.OK, brief ? "MISS" : "HIT", body), afterIt);
        Assert.Equal((HttpStatusCode.OK, "MISS", body), afterTheFullTime);
    }

    /// <summary>With Redis the list's key lives the short time, and each instance's copy no longer than the key.</summary>
    [Theory]
    [InlineData("""{"resourceUuid":"a","convert":true,"taskProgress":{"convertedPercentage":40,"currentStep":"GeneratingPreview"}}""", true)]
    [InlineData("""{"resourceUuid":"a","convert":true,"taskProgress":{"status":"Fail","convertedPercentage":40}}""", false)]
    public async Task WithRedisTheListsKeyLivesTheShortTimeWhileAConversionRuns(string resources, bool brief)
    {
        await using var cluster = await GatewayCluster.StartAsync(withRedis: true);
        var body = $$"""{"code":0,"msg":"Success","ts":1,"data":[{{resources}}]}""";
        cluster.Upstream.Respond = context => RecordingUpstream.Reply(context, 200, body);
        var first = await cluster.AddConnectedInstanceAsync();
        var second = await cluster.AddConnectedInstanceAsync();
        using var onFirst = first.CreateClient(TestJwt.Student(Room).Sign());
        using var onSecond = second.CreateClient(TestJwt.Student(Room).Sign());

        var miss = await ReadAsync(onFirst);
        var sharedHit = await ReadAsync(onSecond);
        var livesFor = await LivesForAsync(cluster.Redis);

        Assert.Equal((HttpStatusCode.OK, "MISS", body), miss);
        Assert.Equal((HttpStatusCode.OK, "HIT", body), sharedHit);
        var shortTime = (long)ResourceListCache.ConvertingTimeToLive.TotalMilliseconds;
        Assert.InRange(livesFor, brief ? 1 : shortTime + 1, brief ? shortTime : (long)SharedRoomCache.TimeToLive.TotalMilliseconds);
    }

    /// <summary>The milliseconds the room's list has left in Redis (PTTL), or 0 without Redis.</summary>
    static async Task<long> LivesForAsync(RedisServer? redis) => redis is null ? 0 : long.Parse(
        await redis.CliAsync("PTTL", $"{RedisConnection.KeyPrefix}resources:{{{RedisConnection.AppInKeys(Classroom.Agora.AgoraSandbox.AppId)}:{Room}}}:list"),
        CultureInfo.InvariantCulture);

    static (HttpStatusCode Status, string? CacheStatus, int Percentage, string? Step) Progress((HttpStatusCode Status, string? CacheStatus, string Body) read)
    {
        using var document = System.Text.Json.JsonDocument.Parse(read.Body);
        var progress = document.RootElement.GetProperty("data")[0].GetProperty("taskProgress");
        return (read.Status, read.CacheStatus, progress.GetProperty("convertedPercentage").GetInt32(), progress.GetProperty("currentStep").GetString());
    }
}
