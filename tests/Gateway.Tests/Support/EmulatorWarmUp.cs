using Classroom.Agora;
using Classroom.Emulator.Journal;
using Gateway.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gateway.Tests.Support;

/// <summary>
/// Sends the sandbox's embedded emulator one request of its own as the gateway starts, then empties its journal: an
/// emulator's first request builds its routing and pipeline, which on a loaded machine took 2–6 s where the next took
/// milliseconds, and in full runs of the suite it outlasted the gateway's 10 s bound on a test's first call (a 504).
/// </summary>
/// <remarks>Started after the emulator, being registered after it; unsigned, refused before it reaches any room.</remarks>
public sealed class EmulatorWarmUp(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<EmbeddedEmulator>() is not { } emulator)
        {
            return;
        }
        using var client = new HttpClient { BaseAddress = emulator.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        using var refused = await client.GetAsync($"/edu/apps/{AgoraSandbox.AppId}/v2/rooms/warm-up", cancellationToken);
        emulator.Services.GetRequiredService<ReceivedRequestJournal>().Clear();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
