namespace Gateway.Passthrough;

/// <summary>
/// The room a passthrough call names: <c>/edu/apps/{appId}/{version}/rooms/{roomUuid}/…</c>, read from the path as it is
/// forwarded (<see cref="PassthroughPath"/>), so that a path whose slashes were encoded names the room Agora is sent.
/// </summary>
public static class PassthroughRoom
{
    /// <summary>The room of the call, or null for a call that names none.</summary>
    public static string? Find(HttpContext context) => Find(context, out _);

    /// <summary>The room of the call, or null; <paramref name="resources"/>: whether the call is to the room's public resources.</summary>
    public static string? Find(HttpContext context, out bool resources)
    {
        resources = false;
        if (PassthroughPath.Of(context).Split('/', StringSplitOptions.RemoveEmptyEntries) is not ["edu", "apps", _, _, "rooms", var room, .. var rest]
            || room == "sequences")
        {
            return null;
        }
        resources = rest is ["resources", ..];
        return Uri.UnescapeDataString(room);
    }
}
