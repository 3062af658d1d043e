using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Gateway.Tests;

public sealed class HealthTests
{
    [Fact]
    public async Task LivenessAnswersOk()
    {
        await using var factory = new WebApplicationFactory<Program>();
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
