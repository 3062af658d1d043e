using Classroom.Emulator.Hosting;
using Gateway.Attendance;
using Gateway.Audit;
using Gateway.Configuration;
using Gateway.TeacherConsole;
using Gateway.Events;
using Gateway.Forwarding;
using Gateway.Passthrough;
using Gateway.Recordings;
using Gateway.Redis;
using Gateway.Resilience;
using Gateway.Resources;
using Gateway.Rooms;
using Gateway.Health;
using Gateway.Identity;
using Gateway.Launch;
using Gateway.OpenApi;
using Gateway.Problems;
using Gateway.RateLimiting;
using Gateway.Sandbox;
using Gateway.Security;
using Gateway.Telemetry;
using Gateway.Tokens;
using Gateway.Upstream;
using Gateway.Users;
using Gateway.Widgets;

if (HealthProbe.IsRequested(args)) { Environment.ExitCode = await HealthProbe.RunAsync(args); return; } // the container's health check

var builder = WebApplication.CreateBuilder(args);

builder.AddGatewaySettingsFile();                    // the repository's appsettings.json, shipped beside the binary
builder.AddGatewayOptions();                         // every section validated on start; sandbox defaults in the sandbox
builder.AddGracefulStop();                           // the host waits for the longest call in flight and the audit trail's write
builder.Services.TryAddSingleton(TimeProvider.System); // one clock, which tests replace
builder.Services.AddGatewayProblems();               // one error shape: problem+json with Agora's code and msg
builder.Services.AddSchoolAuthentication();          // the school's JWTs
builder.Services.AddGatewayPolicies();               // roles per route, rooms per caller
builder.Services.AddAgoraUpstream();                 // where Agora is, and the one HTTP client definition that calls it
builder.Services.AddUpstreamResilience();            // a circuit breaker, so that a failing Agora is not hammered
builder.Services.AddRtmTokens();                     // RTM, room-user and app tokens minted here, never by clients
builder.Services.AddAgoraForwarding();               // YARP to Agora with the caller's credentials swapped in
builder.Services.AddGatewayRedis();                  // shared state across instances, when configured
builder.Services.AddGatewayEvents();                 // one poller of Agora's event queue feeding a shared, replayable log
builder.Services.AddRooms();                         // rooms' details as Agora describes them, cached, dropped on writes
builder.Services.AddClassroomLaunch();               // the join: a classroom client's launch options and token
builder.Services.AddRecordings();                    // web recording pages whose URL the gateway builds
builder.Services.AddResourceListCache();             // resource lists cached for every instance, dropped on writes
builder.Services.AddAttendance();                    // rooms' attendance from the event log, each room read on from where it stopped
builder.Services.AddAuditTrail();                    // who changed what, kept for every instance, written behind the calls
builder.Services.AddPerUserRateLimiting();           // requests per user per minute, counted across instances
builder.Services.AddGatewayHealthChecks();           // liveness and readiness
builder.AddGatewayOpenApi();                         // Swagger UI for integrators
builder.AddSandbox();                                // the embedded emulator, when enabled
builder.AddRequestLimits();                          // 1 MiB bodies and 32 KiB of headers, refused at the socket
builder.AddGatewayTelemetry();                       // OpenTelemetry traces and metrics, Prometheus at /metrics
builder.Services.AddGatewayCors();                   // browsers only from the school's own origins
builder.Services.AddTransportSecurity();             // the HTTPS port plain HTTP is redirected to, checked on start

if (StartupConfiguration.Build(builder, Console.Error) is not { } app) { Environment.ExitCode = 1; return; } // one line per bad key, no stack trace

app.UseRequestCorrelation();                         // X-Request-Id on every answer, log line and upstream call
app.UseRouting();                                    // after the request id, so that routing's lines carry it too
app.UseSecurityHeaders();                            // nosniff, no framing, no referrer, CSP, no-store
app.UseTransportSecurity();                          // HSTS and HTTPS redirection outside Development
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseGatewayCors();                                // browsers only from the school's own origins
app.UseRequestHeadLimits();                          // a request line over 8 KiB, headers over 32 KiB or 64: a problem
app.UseAuthentication();
app.UsePerUserRateLimiting();                        // after sign-in: the limit is per user
app.UseAuditTrail();                                 // every write by a signed-in caller, refusals included
app.UseAuthorization();
app.UseDeclaredBodyChecks();                         // on every route: a body declared over 1 MiB (413), one in a transfer coding other than chunked (501)
app.UseRoomDetailsInvalidation();                    // every write naming a room drops its cached details
app.UseGatewayOpenApi();
app.UseConsolePage();                                // sandbox: a teacher console at /console, on the generated client

app.MapGatewayHealth();
app.MapGatewayMetrics();
var api = app.MapGroup("/api/v1").RequireAuthorization().CountAheadOfFilters().RequireSoundTarget();
api.MapRtmTokens();
api.MapEventLog();
api.MapAudit();
var room = api.MapGroup("/rooms/{roomUuid}").AddFilter<AgoraIdsFilter>().AddFilter<KickedCallerFilter>();
room.MapRooms();
room.MapLaunch();
room.MapRecordings();
room.MapRoomUsers();
room.MapWidgets();
room.MapResources();
room.MapSequences();
room.MapRoomEventStream();
room.MapAttendance();
app.MapPassthrough();
app.MapSandbox();

app.Run();

public partial class Program;
