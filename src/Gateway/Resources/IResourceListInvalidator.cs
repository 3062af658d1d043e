namespace Gateway.Resources;

/// <summary>Forgets a room's cached public resources: the cache does, and a test may listen in.</summary>
public interface IResourceListInvalidator
{
    Task InvalidateAsync(string roomUuid, CancellationToken cancellationToken);

    /// <summary>Forgets every room's on this instance (<see cref="SharedRoomCache.InvalidateAllHereAsync"/>).</summary>
    Task InvalidateAllHereAsync();
}
