using System.Net;
using System.Net.Http.Headers;
using Gateway.Tests.Support;

namespace Gateway.Tests.Foundation;

/// <summary>Every error is one shape: problem+json with type, title, status, detail, traceId, code and msg.</summary>
public sealed class ProblemShapeTests
{
    [Theory]
    [InlineData("GET", "/api/v1/no-such-route", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/api/v1/rooms/room-1/states/1", HttpStatusCode.MethodNotAllowed)]
    [InlineData("POST", "/healthz", HttpStatusCode.MethodNotAllowed)]
    [InlineData("DELETE", "/readyz", HttpStatusCode.MethodNotAllowed)]
    public async Task AFrameworkAnswerHasEveryMemberAndOneTypeWhateverTheCallerAccepts(string method, string path, HttpStatusCode status)
    {
        await using var gateway = new GatewayFactory();
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        var types = new List<string?>();
        foreach (var accept in new[] { "application/json", "text/csv" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            var response = await client.SendAsync(request, Json.Cancel);

            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.ReadJson();
            foreach (var member in new[] { "type", "title", "detail", "traceId", "msg" })
            {
                Assert.False(string.IsNullOrEmpty(problem.GetProperty(member).GetString()), $"{member} of {accept}");
            }
            Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
            Assert.Equal((int)status, problem.GetProperty("code").GetInt32());
            types.Add(problem.GetProperty("type").GetString());
        }
        Assert.Single(types.Distinct());
    }

    /// <summary>
    /// A problem's <c>type</c> names the section that defines its status: RFC 9110 has none for 429 or 431, which RFC 6585
    /// defines, so a link to <c>rfc9110.html#status.429</c> led to no section at all.
    /// </summary>
    [Fact]
    public async Task TheTypeOfA429OrA431NamesTheSectionOfRfc6585ThatDefinesIt()
    {
        await using var gateway = new GatewayFactory(new Dictionary<string, string?> { ["RateLimit:PermitsPerMinute"] = "1" });
        using var client = gateway.CreateClient(TestJwt.Teacher("room-1").Sign());

        using var tooMany = new HttpRequestMessage(HttpMethod.Post, "/api/v1/rtm-token");
        for (var line = 0; line < 70; line++)
        {
            tooMany.Headers.TryAddWithoutValidation($"x-line-{line}", "1");
        }
        var headers = await client.SendAsync(tooMany, Json.Cancel);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, headers.StatusCode);
        Assert.Equal("https://www.rfc-editor.org/rfc/rfc6585.html#section-5", (await headers.ReadJson()).GetProperty("type").GetString());

        (await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel)).EnsureSuccessStatusCode();
        var refused = await client.PostAsync("/api/v1/rtm-token", null, Json.Cancel);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("https://www.rfc-editor.org/rfc/rfc6585.html#section-4", (await refused.ReadJson()).GetProperty("type").GetString());

    }

    /// <summary>
    /// Every problem lists its members in one order, whoever made it: the framework's 404, the forwarder's answer to an
    /// Agora error, a handler's answer with Agora's code. A client that reads the JSON as a stream, or a log that compares
    /// problems as text, sees the same shape each time.
    /// </summary>
    [Fact]
    public async Task EveryProblemListsItsMembersInOneOrder()
    {
        await using var gateway = new GatewayFactory();
        using var teacher = gateway.CreateClient(TestJwt.Teacher("room-missing").Sign());
        string[] order = ["type", "title", "status", "detail", "traceId", "code", "msg"];

        foreach (var path in new[] { "/api/v1/no-such-route", "/api/v1/rooms/room-missing", "/api/v1/rooms/room-missing/users" })
        {
            var answer = await teacher.GetAsync(path, Json.Cancel);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            var members = (await answer.ReadJson()).EnumerateObject().Select(member => member.Name);
            Assert.True(order.SequenceEqual(members), $"{path}: {await Json.Describe(answer)}");
        }
    }
}
