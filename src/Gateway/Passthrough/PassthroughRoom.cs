namespace Gateway.Passthrough;

/// <summary>
/// The room a passthrough call names: <c>/edu/apps/{appId}/{version}/rooms/{roomUuid}/…</c>, read from the path as it is
/// forwarded (<see cref="PassthroughPath"/>), so that a path whose slashes were encoded names the room Agora is sent.
/// Each segment is read decoded, and the API's own words in any case, as a server routing like ASP.NET Core's reads them:
/// a write to <c>…/Rooms/r1/Resources/x</c> or <c>…/r%6Foms/r1/…</c> must drop what is cached of room <c>r1</c> too.
/// </summary>
public static class PassthroughRoom
{
    /// <summary>The room of the call, or null for a call that names none.</summary>
    public static string? Find(HttpContext context) => Find(context, out _);

    /// <summary>The room of the call, or null; <paramref name="resources"/>: whether the call is to the room's public resources.</summary>
    public static string? Find(HttpContext context, out bool resources)
    {
        resources = false;
        var segments = PassthroughPath.Of(context).Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        if (segments is not [var edu, var apps, _, _, var rooms, var room, .. var rest] || !Is(edu, "edu") || !Is(apps, "apps") || !Is(rooms, "rooms"))
        {
            return null;
        }
        resources = rest is [var first, ..] && Is(first, "resources");
        return room;
    }

    static bool Is(string segment, string word) => segment.Equals(word, StringComparison.OrdinalIgnoreCase);
}
