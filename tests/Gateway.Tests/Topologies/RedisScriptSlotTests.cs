using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Classroom.Agora.Models;
using Gateway.Tests.Events;
using Gateway.Tests.Support;
using static Gateway.Tests.Support.ResourceReads;

namespace Gateway.Tests.Topologies;

/// <summary>
/// Every Lua script the gateway holds, as it reaches a real redis-server: each is sent during a walk through every
/// feature that uses Redis, and each call keeps all its keys in one cluster slot — on a Redis Cluster a call that does
/// not is refused. A feature that adds a script adds a step to <see cref="WalkEveryRedisFeatureAsync"/>.
/// </summary>
public sealed class RedisScriptSlotTests
{
    [Fact]
    public async Task EveryScriptIsSentWithAllItsKeysInOneClusterSlot()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var monitor = await RedisMonitor.StartAsync(redis);

        await WalkEveryRedisFeatureAsync(redis);

        var scripts = ScriptsOfTheGateway();
        var calls = monitor.Commands.Where(c => c[0].ToUpperInvariant() is "EVAL" or "EVALSHA").ToList();
        var sent = calls.Select(c => NameOf(c[1], scripts)).ToHashSet();
        var neverSent = scripts.Values.Distinct().Where(name => !sent.Contains(name)).ToList();
        Assert.True(neverSent.Count == 0, "never sent during the walk: " + string.Join(", ", neverSent));
        var crossSlot = calls
            .Select(c => (Script: NameOf(c[1], scripts), Keys: c.Skip(3).Take(int.Parse(c[2], CultureInfo.InvariantCulture)).ToList()))
            .Where(call => call.Keys.Select(RedisKeySlot.Of).Distinct().Count() > 1)
            .Select(call => $"{call.Script}: {string.Join(", ", call.Keys)}");
        Assert.Empty(crossSlot);
    }

    [Fact]
    public void SlotsAreComputedAsRedisDoes()
    {
        // The values the CLUSTER KEYSLOT documentation gives.
        Assert.Equal(11058, RedisKeySlot.Of("somekey"));
        Assert.Equal(2515, RedisKeySlot.Of("foo{hash_tag}"));
        Assert.Equal(RedisKeySlot.Of("hash_tag"), RedisKeySlot.Of("bar{hash_tag}:x"));
    }

    /// <summary>Two instances, one polling, doing everything that reaches Redis; then stopped, which reaches it too.</summary>
    static async Task WalkEveryRedisFeatureAsync(RedisServer redis)
    {
        await using var queue = await FakeEventQueue.StartAsync();
        var resources = new ChangingResources();
        queue.Otherwise = resources.Respond;
        var polling = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration));
        var serving = GatewayFactory.InFrontOf(queue.BaseUrl, EventTestSettings.Polling(redis.Configuration, ("Events:PollingEnabled", "false")));
        await using (polling)
        await using (serving)
        {
            await GatewayCluster.WaitUntilRedisAnswers(polling);
            await GatewayCluster.WaitUntilRedisAnswers(serving);
            using var student = serving.CreateClient(TestJwt.Student("room-1").Sign());
            using var teacher = polling.CreateClient(TestJwt.Teacher("room-1").Sign());
            using var admin = serving.CreateClient(TestJwt.Admin().Sign());

            // RTM tokens, rate limits, resource lists and their invalidation across instances.
            await student.PostAsync("/api/v1/rtm-token", null, Json.Cancel);
            await ReadAsync(student);
            await ReadAsync(student);
            await WriteAsync(teacher, "PUT");
            // The poller's lease and the log.
            queue.Produce("room-1", 3);
            queue.Produce("room-1", 1, EventCmd.PublicResourcesChanged);
            await admin.WaitForLogAsync(4);
        }
    }

    /// <summary>Each script constant of the gateway, by its text and by its SHA-1 (what EVALSHA names), to its type and field.</summary>
    static Dictionary<string, string> ScriptsOfTheGateway()
    {
        var scripts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var type in typeof(Program).Assembly.GetTypes())
        {
            foreach (var field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            {
                if (field.IsLiteral && field.GetRawConstantValue() is string text && text.Contains("redis.call(", StringComparison.Ordinal))
                {
                    var name = $"{type.Name}.{field.Name}";
                    scripts[text] = name;
                    scripts[Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)))] = name;
                }
            }
        }
        Assert.True(scripts.Count >= 2 * 10, $"only {scripts.Count / 2} scripts found: has the way they are declared changed?");
        return scripts;
    }

    static string NameOf(string textOrSha, Dictionary<string, string> scripts) =>
        scripts.TryGetValue(textOrSha, out var name) ? name : scripts.GetValueOrDefault(textOrSha.ToLowerInvariant(), "an unknown script: " + textOrSha);
}
