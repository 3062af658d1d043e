using System.Collections.Concurrent;
using System.Text.Json;

namespace Classroom.Emulator.Tests;

public sealed class EventTests
{
    /// <summary>Enters <paramref name="count"/> users, one cmd-20 event each.</summary>
    static async Task EnterUsersAsync(RunningEmulator emulator, HttpClient client, string roomUuid, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/users/{1}", roomUuid, $"u{i}"), Json.User(), RunningEmulator.Ct));
        }
    }

    static async Task<List<long>> ReadAllSequencesAsync(RunningEmulator emulator, HttpClient client, string roomUuid, string filter = "")
    {
        var sequences = new List<long>();
        long? nextId = null;
        do
        {
            var query = "?" + filter + (nextId is null ? "" : $"&nextId={nextId}");
            var page = await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/sequences", roomUuid) + query, RunningEmulator.Ct));
            Assert.Equal(page.GetProperty("list").GetArrayLength(), page.GetProperty("count").GetInt32());
            Assert.True(page.GetProperty("count").GetInt32() <= 100);
            sequences.AddRange(page.GetProperty("list").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()));
            nextId = page.GetProperty("nextId").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextId").GetInt64();
        }
        while (nextId is not null);
        return sequences;
    }

    [Fact]
    public async Task PagesARoomsEventsAHundredAtATimeAndRepeatably()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await EnterUsersAsync(emulator, client, "r", 230);

        var first = await ReadAllSequencesAsync(emulator, client, "r");
        var second = await ReadAllSequencesAsync(emulator, client, "r");

        Assert.Equal(Enumerable.Range(1, 230).Select(i => (long)i), first);
        Assert.Equal(first, second);
        var page = await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/sequences", "r"), RunningEmulator.Ct));
        Assert.Equal(230, page.GetProperty("total").GetInt32());
        Assert.Equal(100, page.GetProperty("count").GetInt32());
        Assert.Equal(101, page.GetProperty("nextId").GetInt64());
    }

    [Fact]
    public async Task FiltersByCmdAndPagesTheFilteredList()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/1", "r"), null, RunningEmulator.Ct));
        await EnterUsersAsync(emulator, client, "r", 120);
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/2", "r"), null, RunningEmulator.Ct));

        var states = await ReadAllSequencesAsync(emulator, client, "r", "cmd=1");
        var users = await ReadAllSequencesAsync(emulator, client, "r", "cmd=20");
        var page = await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/sequences?cmd=1", "r"), RunningEmulator.Ct));

        Assert.Equal([1L, 122L], states);
        Assert.Equal(Enumerable.Range(2, 120).Select(i => (long)i), users);
        Assert.Equal(2, page.GetProperty("total").GetInt32());
        Assert.All(page.GetProperty("list").EnumerateArray(), e =>
        {
            Assert.Equal("r", e.GetProperty("roomUuid").GetString());
            Assert.Equal(1, e.GetProperty("cmd").GetInt32());
            Assert.Equal(1, e.GetProperty("version").GetInt32());
            Assert.Equal(JsonValueKind.Object, e.GetProperty("data").ValueKind);
        });
    }

    [Theory]
    [InlineData("?nextId=abc")]
    [InlineData("?nextId=-1")]
    [InlineData("?cmd=x")]
    [InlineData("?cmd=007")]
    [InlineData("?nextId=01")]
    [InlineData("?cmd=+1")]
    public async Task RefusesANextIdOrCmdThatIsNotAPlainDecimalNumber(string query)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        var response = await client.GetAsync(emulator.Path("/v2/rooms/{0}/sequences", "r") + query, RunningEmulator.Ct);

        await Expect.Failure(response, 400, 400);
    }

    [Fact]
    public async Task PollingHandsEveryRoomsEventsOutOnceInOrder()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "a");
        await emulator.CreateRoomAsync(client, "b");
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/1", "a"), null, RunningEmulator.Ct));
        await EnterUsersAsync(emulator, client, "b", 150);
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/1", "b"), null, RunningEmulator.Ct));
        await Expect.Success(await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/2", "a"), null, RunningEmulator.Ct));

        var first = await Expect.Success(await client.GetAsync(emulator.PollPath, RunningEmulator.Ct));
        var second = await Expect.Success(await client.GetAsync(emulator.PollPath, RunningEmulator.Ct));
        var third = await Expect.Success(await client.GetAsync(emulator.PollPath, RunningEmulator.Ct));

        Assert.Equal(100, first.GetArrayLength());
        Assert.Equal(53, second.GetArrayLength());
        Assert.Equal(0, third.GetArrayLength());
        var all = first.EnumerateArray().Concat(second.EnumerateArray())
            .Select(e => (Room: e.GetProperty("roomUuid").GetString()!, Sequence: e.GetProperty("sequence").GetInt64())).ToList();
        Assert.Equal(("a", 1L), all[0]);
        Assert.Equal(Enumerable.Range(1, 151).Select(i => ("b", (long)i)), all.Where(e => e.Room == "b"));
        Assert.Equal(("a", 2L), all[^1]);
    }

    [Fact]
    public async Task ConcurrentPollersNeverReceiveTheSameEvent()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await EnterUsersAsync(emulator, client, "r", 300);
        var received = new ConcurrentBag<long>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 12), RunningEmulator.Ct, async (_, ct) =>
        {
            var batch = await Expect.Success(await client.GetAsync(emulator.PollPath, ct));
            foreach (var e in batch.EnumerateArray())
            {
                received.Add(e.GetProperty("sequence").GetInt64());
            }
        });

        Assert.Equal(Enumerable.Range(1, 300).Select(i => (long)i), received.Order());
    }
}
