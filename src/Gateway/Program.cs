using Gateway.Configuration;
using Gateway.Events;
using Gateway.Forwarding;
using Gateway.Passthrough;
using Gateway.Recordings;
using Gateway.Redis;
using Gateway.Resources;
using Gateway.Rooms;
using Gateway.Health;
using Gateway.Identity;
using Gateway.OpenApi;
using Gateway.Problems;
using Gateway.Sandbox;
using Gateway.Tokens;
using Gateway.Upstream;

if (HealthProbe.IsRequested(args)) { Environment.ExitCode = await HealthProbe.RunAsync(args); return; } // the container's health check

var builder = WebApplication.CreateBuilder(args);

builder.AddGatewaySettingsFile();                    // the repository's appsettings.json, shipped beside the binary
builder.AddGatewayOptions();                         // every section validated on start; sandbox defaults in the sandbox
builder.Services.TryAddSingleton(TimeProvider.System); // one clock, which tests replace
builder.Services.AddGatewayProblems();               // one error shape: problem+json with Agora's code and msg
builder.Services.AddSchoolAuthentication();          // the school's JWTs
builder.Services.AddGatewayPolicies();               // roles per route, rooms per caller
builder.Services.AddSingleton<AgoraUpstream>();      // where Agora is and how its paths are spelled
builder.Services.AddRtmTokens();                     // RTM tokens minted here, never by clients
builder.Services.AddAgoraForwarding();               // YARP to Agora with the caller's credentials swapped in
builder.Services.AddGatewayRedis();                  // shared state across instances, when configured
builder.Services.AddGatewayHealthChecks();           // liveness and readiness
builder.Services.AddGatewayOpenApi();                // Swagger UI for integrators
builder.AddSandbox();                                // the embedded emulator, when enabled

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseGatewayOpenApi();

app.MapGatewayHealth();
var api = app.MapGroup("/api/v1").RequireAuthorization();
api.MapRtmTokens();
var room = api.MapGroup("/rooms/{roomUuid}").AddEndpointFilter<AgoraIdsFilter>();
room.MapRooms();
room.MapRecordings();
room.MapResources();
room.MapSequences();
app.MapPassthrough();
app.MapSandbox();

app.Run();

public partial class Program;
