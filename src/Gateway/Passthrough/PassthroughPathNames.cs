namespace Gateway.Passthrough;

/// <summary>
/// What a passthrough call names: the room of <c>/edu/apps/{appId}/{version}/rooms/{roomUuid}/…</c>, whether the call is to
/// the room's public resources, and the user it acts on, the <c>{userUuid}</c> of <c>…/users/{userUuid}…</c> or
/// <c>…/widgets/{widgetUuid}/users/{userUuid}…</c> (as the gateway's own routes name the user of those paths), never a
/// resource or widget that has a user's id. Read from the path as it is forwarded (<see cref="PassthroughPath"/>), so that
/// a path whose slashes were encoded names the room and user Agora is sent. Each segment is read decoded, and the API's
/// own words in any case, as a server routing like ASP.NET Core's reads them: a write to <c>…/Rooms/r1/Resources/x</c> or
/// <c>…/r%6Foms/r1/…</c> must drop what is cached of room <c>r1</c> too.
/// </summary>
public readonly record struct PassthroughPathNames(string? Room, string? User, bool Resources)
{
    public static PassthroughPathNames Of(HttpContext context) => Of(PassthroughPath.Of(context));

    /// <summary>The names in <paramref name="path"/>, the path as <see cref="PassthroughPath"/> reads it; none for a call that names no room.</summary>
    public static PassthroughPathNames Of(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        if (segments is not [var edu, var apps, _, _, var rooms, var room, .. var rest] || !Is(edu, "edu") || !Is(apps, "apps") || !Is(rooms, "rooms"))
        {
            return default;
        }
        var user = rest switch
        {
            [var users, var id, ..] when Is(users, "users") => id,
            [var widgets, _, var users, var id, ..] when Is(widgets, "widgets") && Is(users, "users") => id,
            _ => null,
        };
        return new PassthroughPathNames(room, user, rest is [var first, ..] && Is(first, "resources"));
    }

    static bool Is(string segment, string word) => segment.Equals(word, StringComparison.OrdinalIgnoreCase);
}
