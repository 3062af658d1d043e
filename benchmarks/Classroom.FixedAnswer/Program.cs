// The ceiling of load case (b): Kestrel and routing answering the cached read's route with the list's bytes, fetched
// once from the upstream at start, and nothing else: no sign-in, no policies, no rate limit, no headers of its own, no
// telemetry. Whatever serves a cached read on ASP.NET Core costs at least this; benchmarks/run-ceiling.sh sets it beside
// the emulator's list and the gateway's cached one.
// Usage: FIXED_SOURCE=http://127.0.0.1:18090/edu/apps/<appId>/v1/rooms/<room>/resources FIXED_AUTHORIZATION='agora token="…"' \
//        dotnet Classroom.FixedAnswer.dll --urls http://127.0.0.1:18087
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

using var upstream = new HttpClient();
using var read = new HttpRequestMessage(HttpMethod.Get, Setting("FIXED_SOURCE"));
read.Headers.TryAddWithoutValidation("Authorization", Setting("FIXED_AUTHORIZATION"));
using var answer = await upstream.SendAsync(read);
answer.EnsureSuccessStatusCode();
var body = await answer.Content.ReadAsByteArrayAsync();
var contentType = answer.Content.Headers.ContentType?.ToString() ?? "application/json";

app.MapGet("/api/v1/rooms/{roomUuid}/resources", (HttpContext context) =>
{
    context.Response.ContentType = contentType;
    context.Response.ContentLength = body.Length;
    return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
});
app.Run();

static string Setting(string name) =>
    Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : throw new InvalidOperationException($"{name} is not set.");
