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
    /// <summary>
    /// docs/events.md: a value of the <c>Events</c> section out of its range stops the start naming the key, every one at
    /// once, and so does a poll interval longer than the lease, whose holder would renew it less often than it polls. (The
    /// first row keeps the lease and interval in range, the second puts both outside theirs.)
    /// </summary>
    [Theory]
    [InlineData("PollIntervalMilliseconds=20000 RetentionEvents=99 DedupeWindowMinutes=9 ReplicasToAcknowledge=6 MaxBackoffSeconds=601 HeartbeatSeconds=0 MaxStreamsPerUser=1001 MaxStreamsPerInstance=0",
        "Events:PollIntervalMilliseconds must not exceed Events:LeaseSeconds.|Events:RetentionEvents must be from 100 to 100000000.|Events:DedupeWindowMinutes must be from 10 to 10080.|Events:ReplicasToAcknowledge must be from 0 to 5.|Events:MaxBackoffSeconds must be from 1 to 600.|Events:HeartbeatSeconds must be from 1 to 300.|Events:MaxStreamsPerUser must be from 1 to 1000.|Events:MaxStreamsPerInstance must be from 1 to 1000000.")]
    [InlineData("PollIntervalMilliseconds=19 LeaseSeconds=301 RetentionEvents=100000001 DedupeWindowMinutes=10081 MaxBackoffSeconds=0 HeartbeatSeconds=301 MaxStreamsPerUser=0 MaxStreamsPerInstance=1000001",
        "Events:PollIntervalMilliseconds must be from 20 to 60000.|Events:LeaseSeconds must be from 1 to 300.|Events:RetentionEvents must be from 100 to 100000000.|Events:DedupeWindowMinutes must be from 10 to 10080.|Events:MaxBackoffSeconds must be from 1 to 600.|Events:HeartbeatSeconds must be from 1 to 300.|Events:MaxStreamsPerUser must be from 1 to 1000.|Events:MaxStreamsPerInstance must be from 1 to 1000000.")]
    public async Task EveryEventsValueOutOfRangeStopsTheProcessNamingItsKey(string settings, string messages)
    {
        var environment = new Dictionary<string, string> { ["Agora__Emulator__Enabled"] = "true" };
        foreach (var setting in settings.Split(' '))
        {
            var (key, value) = (setting.Split('=')[0], setting.Split('=')[1]);
            environment["Events__" + key] = value;
        }

        var exit = await GatewayProcess.RunUntilExit(environment, TimeSpan.FromSeconds(60));

        Assert.Equal(1, exit.Code);
        Assert.All(messages.Split('|'), message => Assert.Contains("  " + message, exit.Output));
    }
}
