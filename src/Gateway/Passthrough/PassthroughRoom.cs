namespace Gateway.Passthrough;

/// <summary>The room a passthrough call names: <c>/edu/apps/{appId}/{version}/rooms/{roomUuid}/…</c>.</summary>
public static class PassthroughRoom
{
    /// <summary>The room of <paramref name="path"/> (as routing decoded it), or null for a call that names none.</summary>
    public static string? Find(PathString path) =>
        path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) is ["edu", "apps", _, _, "rooms", var room, ..] && room != "sequences"
            ? room
            : null;
}
