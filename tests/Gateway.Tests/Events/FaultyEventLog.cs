using Classroom.Agora.Models;
using Gateway.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Events;

/// <summary>
/// An instance's view of the shared log with faults the test switches: the log out of this instance's reach (every
/// call fails as when Redis cannot be reached, while other instances reach it), an append whose reply is lost after
/// Redis made it, or a first reach of the log that takes as long as the test says.
/// </summary>
public sealed class FaultyEventLog(RedisEventLog inner, Task? reachable = null) : IEventLog, IPollerLease
{
    int _repliesToLose;

    /// <summary>While true, nothing reaches the log from this instance.</summary>
    public bool Unreachable { get; set; }

    /// <summary>Appends made while <see cref="Unreachable"/> was true: tried, and failed.</summary>
    public int RefusedAppends { get; private set; }

    /// <summary>The next append is made, and then reported as failed, as when the connection drops before the reply.</summary>
    public void LoseNextReply() => Interlocked.Exchange(ref _repliesToLose, 1);

    /// <summary>The gateway with this fault hook between its poller, readers and the log.</summary>
    public static Action<IWebHostBuilder> Between => ReachableOnce(null);

    /// <summary>The same, the log first reached once <paramref name="reachable"/> completes (null: at once).</summary>
    public static Action<IWebHostBuilder> ReachableOnce(Task? reachable) => builder => builder.ConfigureTestServices(services =>
    {
        services.AddSingleton(provider => new FaultyEventLog(provider.GetRequiredService<RedisEventLog>(), reachable));
        services.AddSingleton<IEventLog>(provider => provider.GetRequiredService<FaultyEventLog>());
        services.AddSingleton<IPollerLease>(provider => provider.GetRequiredService<FaultyEventLog>());
    });

    public Task NextAppend => inner.NextAppend;

    public async Task<bool> AppendAsync(IReadOnlyList<AgoraEvent> events, string? fence, CancellationToken cancellationToken)
    {
        if (Unreachable)
        {
            RefusedAppends++;
        }
        Check();
        var appended = await inner.AppendAsync(events, fence, cancellationToken);
        if (Interlocked.Exchange(ref _repliesToLose, 0) == 1)
        {
            throw new EventLogUnavailableException(new TimeoutException("The reply was lost."));
        }
        return appended;
    }

    public Task<EventLogPage> ReadAsync(EventCursor after, int limit, CancellationToken cancellationToken)
    {
        Check();
        return inner.ReadAsync(after, limit, cancellationToken);
    }

    public Task<EventLogPage> ReadRoomAsync(string roomUuid, EventCursor after, int limit, CancellationToken cancellationToken)
    {
        Check();
        return inner.ReadRoomAsync(roomUuid, after, limit, cancellationToken);
    }

    public EventCursor Before(DateTimeOffset instant) => inner.Before(instant);

    public async Task<EventCursor> GetEndAsync(CancellationToken cancellationToken)
    {
        if (reachable is not null)
        {
            await reachable.WaitAsync(cancellationToken);
        }
        Check();
        return await inner.GetEndAsync(cancellationToken);
    }

    public Task<EventCursor> GetStartAsync(CancellationToken cancellationToken)
    {
        Check();
        return inner.GetStartAsync(cancellationToken);
    }

    public Task<bool> HoldsAsync(EventCursor cursor, CancellationToken cancellationToken)
    {
        Check();
        return inner.HoldsAsync(cursor, cancellationToken);
    }

    public Task<string?> TryHoldAsync(string? held, CancellationToken cancellationToken)
    {
        Check();
        return inner.TryHoldAsync(held, cancellationToken);
    }

    public Task ReleaseAsync(string held, CancellationToken cancellationToken)
    {
        Check();
        return inner.ReleaseAsync(held, cancellationToken);
    }

    void Check()
    {
        if (Unreachable)
        {
            throw new EventLogUnavailableException(new TimeoutException("The log is out of this instance's reach."));
        }
    }
}
