using Classroom.Agora.Models;
using Classroom.Emulator.Events;
using Classroom.Emulator.Hosting;

namespace Classroom.Emulator.Resources;

/// <summary>A room's public resources, in upload order.</summary>
sealed class RoomResources(RoomEventLog events)
{
    const int AddedOrUpdated = 1;
    const int Deleted = 2;

    readonly List<PublicResource> _resources = [];

    public Outcome<NoData> Upload(string resourceUuid, UploadResourceRequest request, DateTimeOffset now)
    {
        var resource = new PublicResource(resourceUuid, request, now);
        var existing = _resources.FindIndex(r => r.ResourceUuid == resourceUuid);
        if (existing >= 0)
        {
            _resources[existing] = resource;
        }
        else
        {
            _resources.Add(resource);
        }
        events.Append(EventCmd.PublicResourcesChanged, new { resources = new[] { resource.Describe(now) }, action = AddedOrUpdated });
        return NoData.Done;
    }

    public IReadOnlyList<ResourceItem> List(DateTimeOffset now) => [.. _resources.Select(r => r.Describe(now))];

    /// <summary>Ids the room does not hold are passed over, as a repeated delete should succeed.</summary>
    public Outcome<NoData> Delete(IReadOnlyList<string> resourceUuids, DateTimeOffset now)
    {
        var removed = _resources.Where(r => resourceUuids.Contains(r.ResourceUuid)).ToList();
        if (removed.Count > 0)
        {
            _resources.RemoveAll(removed.Contains);
            events.Append(EventCmd.PublicResourcesChanged, new { resources = removed.Select(r => r.Describe(now)).ToArray(), action = Deleted });
        }
        return NoData.Done;
    }
}
