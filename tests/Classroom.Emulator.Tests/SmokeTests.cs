using System.Net.Http.Json;

namespace Classroom.Emulator.Tests;

public sealed class SmokeTests
{
    [Fact]
    public async Task CreatesAndStartsARoom()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var client = emulator.ClientFor();
        await emulator.CreateRoomAsync(client, "a b#c?d%e");
        var state = await client.PutAsync(emulator.Path("/v2/rooms/{0}/states/1", "a b#c?d%e"), null, RunningEmulator.Ct);
        await Expect.Success(state);
        var events = await Expect.Success(await client.GetAsync(emulator.Path("/v2/rooms/{0}/sequences", "a b#c?d%e"), RunningEmulator.Ct));
        Assert.Equal("a b#c?d%e", events.GetProperty("list")[0].GetProperty("roomUuid").GetString());
    }
}
