namespace Classroom.Emulator.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task ParallelChangesGetGapFreeSequences()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = RunningEmulator.Ct },
            async (i, ct) =>
            {
                var response = i % 2 == 0
                    ? await client.PutAsync(emulator.Path("/v2/rooms/{0}/users/{1}", "r", $"u{i}"), Json.User(), ct)
                    : await client.PutAsync(emulator.Path("/v1/rooms/{0}/resources/{1}", "r", $"res{i}"), Json.Pdf(), ct);
                await Expect.Success(response);
            });

        var sequences = new List<long>();
        for (long? next = 1; next is not null;)
        {
            var page = await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/sequences?nextId=", "r") + next, RunningEmulator.Ct));
            sequences.AddRange(page.GetProperty("list").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()));
            next = page.GetProperty("nextId").ValueKind == System.Text.Json.JsonValueKind.Null ? null : page.GetProperty("nextId").GetInt64();
        }
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), sequences);
        var users = await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/sequences?cmd=20", "r"), RunningEmulator.Ct));
        Assert.Equal(100, users.GetProperty("total").GetInt32());
        var resources = await Expect.Success(await client.GetAsync(emulator.Path("/v1/rooms/{0}/resources", "r"), RunningEmulator.Ct));
        Assert.Equal(100, resources.GetArrayLength());
    }

    [Fact]
    public async Task ParallelStartsLetExactlyOneWin()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "r");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            client.PutAsync(emulator.Path("/v2/rooms/{0}/states/1", "r"), null, RunningEmulator.Ct)));

        Assert.Single(responses, r => r.IsSuccessStatusCode);
        foreach (var conflict in responses.Where(r => !r.IsSuccessStatusCode))
        {
            await Expect.Failure(conflict, 409, 30409100);
        }
    }
}
