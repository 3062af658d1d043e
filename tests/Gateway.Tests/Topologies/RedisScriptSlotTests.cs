using System.Globalization;
using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Classroom.Agora.Models;
using Gateway.Redis;
using Gateway.Tests.Audit;
using Gateway.Tests.Events;
using Gateway.Tests.Support;
using StackExchange.Redis;
using static Gateway.Tests.Support.ResourceReads;

namespace Gateway.Tests.Topologies;

/// <summary>
/// Every Lua script and every command the gateway sends, as they reach a real redis-server during a walk through every
/// feature that uses Redis: each keeps all its keys in one cluster slot (a transaction, all the keys of its commands) —
/// on a Redis Cluster one that does not is refused. The keys of a command are those Redis itself names
/// (<c>COMMAND GETKEYS</c>), so a multi-key command added anywhere is checked without a list to keep. A feature that
/// adds a script or a command adds a step to <see cref="WalkEveryRedisFeatureAsync"/>.
/// </summary>
public sealed class RedisScriptSlotTests
{
    [Fact]
    public async Task EveryScriptAndCommandIsSentWithAllItsKeysInOneClusterSlot()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var monitor = await RedisMonitor.StartAsync(redis);

        var scripts = ScriptsOfTheGateway();
        await WalkEveryRedisFeatureAsync(redis, monitor, scripts);
        await monitor.CaughtUpAsync(redis);
        var commands = monitor.Commands.ToList();

        var sent = commands.Where(c => c.Name is "EVAL" or "EVALSHA").Select(c => NameOf(c.Words[1], scripts)).ToHashSet();
        var neverSent = scripts.Values.Distinct().Where(name => !sent.Contains(name)).ToList();
        Assert.True(neverSent.Count == 0, "never sent during the walk: " + string.Join(", ", neverSent));
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var keysOf = new KeysOf(connection.GetDatabase());
        var withKeys = new List<(string What, bool Script, List<string> Keys)>();
        foreach (var (what, unit) in Units(commands))
        {
            var keys = new List<string>();
            foreach (var command in unit)
            {
                keys.AddRange(await keysOf.CommandAsync(command));
            }
            var script = unit is [{ Name: "EVAL" or "EVALSHA" }];
            withKeys.Add((script ? NameOf(unit[0].Words[1], scripts) : what, script, keys));
        }
        var crossSlot = withKeys
            .Where(unit => unit.Keys.Select(RedisKeySlot.Of).Distinct().Count() > 1)
            .Select(unit => $"{unit.What}: {string.Join(", ", unit.Keys)}");

        Assert.Empty(crossSlot);
        // The walk reached the keys of plain commands too, not only those of scripts.
        Assert.Contains(withKeys, unit => !unit.Script && unit.Keys.Count > 0);
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
    static async Task WalkEveryRedisFeatureAsync(RedisServer redis, RedisMonitor monitor, Dictionary<string, string> scripts)
    {
        await using var queue = await FakeEventQueue.StartAsync();
        var resources = new ChangingResources();
        queue.Otherwise = context => IsGet(context, "/rooms/room-1")
            ? RecordingUpstream.Reply(context, 200, """{"code":0,"msg":"Success","ts":1,"data":{"roomUuid":"room-1","roomName":"Maths","state":0,"createTime":1,"roomProperties":{"roomType":4}}}""")
            : resources.Respond(context);
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
            using var anonymous = polling.CreateClient();

            // RTM tokens, rate limits, resource lists and the room's details, their invalidation across instances.
            await student.PostAsync("/api/v1/rtm-token", null, Json.Cancel);
            await ReadAsync(student);
            await ReadAsync(student);
            await student.GetAsync("/api/v1/rooms/room-1", Json.Cancel);
            await student.GetAsync("/api/v1/rooms/room-1", Json.Cancel);
            await WriteAsync(teacher, "PUT");
            // A dirty kick, remembered for the join.
            await teacher.PostAsync("/api/v1/rooms/room-1/users/student-2/exit",
                new StringContent("""{"dirty":{"state":1,"duration":600}}""", Encoding.UTF8, "application/json"), Json.Cancel);
            using var kicked = serving.CreateClient(new TestJwt { Subject = "student-2", Rooms = new[] { "room-1" } }.Sign());
            await kicked.PostAsync("/api/v1/rooms/room-1/join", null, Json.Cancel);
            // A lapse of the leases (their subscriptions cut): the kicking instance tells Redis of its kick again.
            await redis.CliAsync("CLIENT", "KILL", "TYPE", "pubsub");
            Assert.True(await Poll.Until(() => Task.FromResult(monitor.Commands.Any(c => c.Name is "EVAL" or "EVALSHA"
                && NameOf(c.Words[1], scripts) == $"{nameof(Gateway.Launch.KickedUsers)}.StoreUnlessEndingLaterScript")), told => told),
                "the kicking instance did not tell its kick again after its lease lapsed");
            // A stream ticket issued on one instance, redeemed on the other.
            var ticket = (await (await student.PostAsync("/api/v1/rooms/room-1/events/ticket", null, Json.Cancel)).ReadJson())
                .GetProperty("data").GetProperty("ticket").GetString()!;
            await using (var stream = await SseReader.OpenAsync(anonymous, "/api/v1/rooms/room-1/events/stream?ticket=" + Uri.EscapeDataString(ticket)))
            {
                await stream.ReadAsync();
            }
            // The poller's lease and the log; the audit trail of the writes above.
            queue.Produce("room-1", 3);
            queue.Produce("room-1", 1, EventCmd.PublicResourcesChanged);
            await admin.WaitForLogAsync(4);
            // A room's attendance: its events picked out by the log's read, then read on from where that stopped.
            Assert.Equal(HttpStatusCode.OK, (await teacher.GetAsync("/api/v1/rooms/room-1/attendance", Json.Cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await teacher.GetAsync("/api/v1/rooms/room-1/attendance", Json.Cancel)).StatusCode);
            await admin.WaitForAuditAsync(2);
            // Each instance asks which Redis process holds the logs it appended to, once a second.
            Assert.True(await Poll.Until(() => Task.FromResult(monitor.Commands.Where(c => c.Name is "EVAL" or "EVALSHA"
                && NameOf(c.Words[1], scripts) == $"{nameof(AppendsAfterFailover)}.RunIdScript").Select(c => c.Client).Distinct().Count() >= 2),
                asked => asked), "the two instances did not both ask which Redis process holds their appends");
        }
    }

    static bool IsGet(Microsoft.AspNetCore.Http.HttpContext context, string pathEnd) =>
        Microsoft.AspNetCore.Http.HttpMethods.IsGet(context.Request.Method)
        && context.Request.Path.Value!.EndsWith(pathEnd, StringComparison.Ordinal);

    /// <summary>
    /// Each command alone, except a transaction: MULTI to EXEC (or DISCARD) from one client, whose keys must share a slot
    /// as one script's do.
    /// </summary>
    static IEnumerable<(string What, List<RedisMonitor.Command> Commands)> Units(IEnumerable<RedisMonitor.Command> commands)
    {
        var open = new Dictionary<string, List<RedisMonitor.Command>>(StringComparer.Ordinal);
        foreach (var command in commands)
        {
            if (command.Name == "MULTI")
            {
                open[command.Client] = [];
            }
            else if (open.TryGetValue(command.Client, out var transaction))
            {
                if (command.Name is "EXEC" or "DISCARD")
                {
                    open.Remove(command.Client);
                    yield return ("MULTI " + string.Join("; ", transaction.Select(c => c.Name)), transaction);
                }
                else
                {
                    transaction.Add(command);
                }
            }
            else
            {
                yield return (command.Name, [command]);
            }
        }
    }

    /// <summary>The keys a command names: by its key count for a script, else as Redis itself tells them, asked once per command.</summary>
    sealed class KeysOf(IDatabase database)
    {
        readonly Dictionary<string, IReadOnlyList<string>> _known = new(StringComparer.Ordinal);

        public async Task<IReadOnlyList<string>> CommandAsync(RedisMonitor.Command command)
        {
            if (command.Name is "EVAL" or "EVALSHA")
            {
                return [.. command.Words.Skip(3).Take(int.Parse(command.Words[2], CultureInfo.InvariantCulture))];
            }
            var text = string.Join('\n', command.Words);
            if (!_known.TryGetValue(text, out var keys))
            {
                try
                {
                    var answer = await database.ExecuteAsync("COMMAND", ["GETKEYS", .. command.Words]);
                    keys = [.. ((RedisResult[])answer!).Select(key => (string)key!)];
                }
                catch (RedisServerException)
                {
                    keys = []; // "The command has no key arguments", as PING, INFO, SUBSCRIBE
                }
                _known[text] = keys;
            }
            return keys;
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
                if (field.IsLiteral && field.GetRawConstantValue() is string text
                    && (text.Contains("redis.call(", StringComparison.Ordinal) || text.Contains("redis.pcall(", StringComparison.Ordinal)))
                {
                    // An append is sent wrapped, to answer the Redis process that took it too.
                    var name = $"{type.Name}.{field.Name}";
                    foreach (var sent in new[] { text, AppendsAfterFailover.AnsweringTheRunId(text) })
                    {
                        scripts[sent] = name;
                        scripts[Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(sent)))] = name;
                    }
                }
            }
        }
        Assert.True(scripts.Count >= 2 * 10, $"only {scripts.Count / 2} scripts found: has the way they are declared changed?");
        return scripts;
    }

    static string NameOf(string textOrSha, Dictionary<string, string> scripts) =>
        scripts.TryGetValue(textOrSha, out var name) ? name : scripts.GetValueOrDefault(textOrSha.ToLowerInvariant(), "an unknown script: " + textOrSha);
}
