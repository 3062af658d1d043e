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
}
