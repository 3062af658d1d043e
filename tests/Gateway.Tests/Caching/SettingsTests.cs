using Gateway.Tests.Support;

namespace Gateway.Tests.Caching;

public sealed class SettingsTests
{
    [Theory]
    [InlineData("RateLimit:PermitsPerMinute", "0", "RateLimit:PermitsPerMinute must be from 1 to 1000000")]
    [InlineData("RateLimit:PermitsPerMinute", "1000001", "RateLimit:PermitsPerMinute must be from 1 to 1000000")]
    [InlineData("Redis:CommandTimeoutMilliseconds", "49", "Redis:CommandTimeoutMilliseconds must be from 50 to 10000")]
    [InlineData("Redis:CommandTimeoutMilliseconds", "10001", "Redis:CommandTimeoutMilliseconds must be from 50 to 10000")]
    public async Task AValueOutOfRangeStopsTheProcessNamingTheKey(string key, string value, string message)
    {
        var environment = new Dictionary<string, string>
        {
            ["Agora__Emulator__Enabled"] = "true",
            [key.Replace(":", "__", StringComparison.Ordinal)] = value,
        };

        var exit = await GatewayProcess.RunUntilExit(environment, TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exit.Code);
        Assert.Contains(message, exit.Output);
    }
}
