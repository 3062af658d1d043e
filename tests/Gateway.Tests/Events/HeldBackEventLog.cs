using Classroom.Agora.Models;
using Gateway.Events;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Events;

/// <summary>
/// The log as an instance's followers read it (<see cref="RoomEventHub"/> and the room changes follower page through
/// <see cref="IEventLog.ReadAsync"/>), their reads held back while the test says: what is appended meanwhile waits for them,
/// and the retention may trim it before they read it, as when the log was out of their reach while another instance appended.
/// </summary>
public sealed class HeldBackEventLog(IEventLog inner) : IEventLog
{
    /// <summary>Both followers of an instance.</summary>
    public const int Followers = 2;

    readonly Lock _gate = new();
    TaskCompletionSource? _held;
    TaskCompletionSource? _reached;
    int _waiting;

    /// <summary>The gateway with this log between its followers and the log it uses, in Redis or in the process.</summary>
    public static Action<IWebHostBuilder> Between(bool withRedis) => builder => builder.ConfigureTestServices(services =>
    {
        services.AddSingleton(provider => new HeldBackEventLog(withRedis
            ? provider.GetRequiredService<RedisEventLog>()
            : provider.GetRequiredService<InProcessEventLog>()));
        services.AddSingleton<IEventLog>(provider => provider.GetRequiredService<HeldBackEventLog>());
    });

    /// <summary>Holds every read from now on; completes once both followers wait at the hold, having read nothing since.</summary>
    public Task HoldAsync()
    {
        lock (_gate)
        {
            _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting = 0;
            return _reached.Task.WaitAsync(TimeSpan.FromSeconds(30), Json.Cancel);
        }
    }

    /// <summary>Lets the reads held, and those that come, go on.</summary>
    public void Release()
    {
        lock (_gate)
        {
            _held?.TrySetResult();
            _held = null;
        }
    }

    public async Task<EventLogPage> ReadAsync(EventCursor after, int limit, CancellationToken cancellationToken)
    {
        Task? held = null;
        lock (_gate)
        {
            if (_held is { } hold)
            {
                held = hold.Task;
                if (++_waiting == Followers)
                {
                    _reached!.TrySetResult();
                }
            }
        }
        if (held is not null)
        {
            await held.WaitAsync(cancellationToken);
        }
        return await inner.ReadAsync(after, limit, cancellationToken);
    }

    public Task NextAppend => inner.NextAppend;

    public Task<bool> AppendAsync(IReadOnlyList<AgoraEvent> events, string? fence, CancellationToken cancellationToken) =>
        inner.AppendAsync(events, fence, cancellationToken);

    public Task<EventLogPage> ReadRoomAsync(string roomUuid, EventCursor after, int limit, CancellationToken cancellationToken) =>
        inner.ReadRoomAsync(roomUuid, after, limit, cancellationToken);

    public Task<EventCursor> GetEndAsync(CancellationToken cancellationToken) => inner.GetEndAsync(cancellationToken);

    public Task<EventCursor> GetStartAsync(CancellationToken cancellationToken) => inner.GetStartAsync(cancellationToken);

    public Task<bool> HoldsAsync(EventCursor cursor, CancellationToken cancellationToken) => inner.HoldsAsync(cursor, cancellationToken);

    public EventCursor Before(DateTimeOffset instant) => inner.Before(instant);
}
