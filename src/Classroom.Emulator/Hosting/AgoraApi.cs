using Classroom.Agora.Models;
using Classroom.Emulator.Classrooms;
using Classroom.Emulator.Events;
using Classroom.Emulator.Recordings;
using Classroom.Emulator.Resources;
using Classroom.Emulator.Widgets;

namespace Classroom.Emulator.Hosting;

/// <summary>Agora's paths, with and without a region prefix, behind the app id and token check.</summary>
static class AgoraApi
{
    /// <summary>"" serves <c>/edu/…</c>; the others are Agora's regional prefixes.</summary>
    static readonly string[] RegionPrefixes = ["", "/cn", "/ap", "/eu", "/na"];

    public static WebApplication MapAgoraApi(this WebApplication app)
    {
        foreach (var region in RegionPrefixes)
        {
            app.MapGroup(region + "/edu/apps/{appId}").RequireAgoraToken()
                .MapClassrooms()
                .MapRoomUsers()
                .MapRecordings()
                .MapWidgets()
                .MapResources()
                .MapRoomEvents();
            app.MapGroup(region + "/edu/polling/apps/{appId}").RequireAgoraToken()
                .MapEventPolling();
        }
        app.MapGet("/", () => TypedResults.Ok(EmulatorIdentity.Instance));
        // Agora answers an unknown path with a bare 404 and no business code, a path whose last segment has a dot (an id
        // may) too: the default fallback leaves those, as file names, to a file server this host does not have. AGORA.md
        // names no 405, so a method a known path does not take gets the same 404: this fallback takes every method, and
        // routing's own 405 never comes. A request delegate, not a handler: the generated handlers' MapFallback drops the
        // pattern for the default's (dotnet/aspnetcore#65992).
        app.MapFallback("{**path}", context => TypedResults.NotFound(new AgoraMessage(AgoraMessage.NoSuchResource)).ExecuteAsync(context));
        return app;
    }

    /// <summary>Authentication first (401), then the ids (400), then a body too large to read (413): a stranger learns nothing about what it sent.</summary>
    static RouteGroupBuilder RequireAgoraToken(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter<AgoraAuthentication>();
        group.AddEndpointFilter(RawPathIds.ValidateIds);
        group.AddEndpointFilter(IRequestBody.RefuseUnread);
        return group;
    }
}
