using Gateway.Tests.Support;

namespace Gateway.Tests.Events;

/// <summary>The poller on, with short intervals so a test waits a little, not the production seconds.</summary>
public static class EventTestSettings
{
    public static (string Key, string? Value)[] Polling(string? redis = null, params (string Key, string? Value)[] more) =>
    [
        ("Events:PollingEnabled", "true"),
        ("Events:PollIntervalMilliseconds", "50"),
        // Renewed every 2 s: a leader stays one through a renewal a second late, as a machine busy with other tests may
        // need, and starts no poll once less than 3 s is left unrenewed; a takeover waits at most 8 s.
        ("Events:LeaseSeconds", "6"),
        ("Events:MaxBackoffSeconds", "1"),
        ("Events:HeartbeatSeconds", "1"),
        // A test waiting for the log reads it as fast as it can, the longer the busier the machine: the per-user limit
        // (600 a minute) would answer 429 to an admin reading it next, and it is not what these tests are about.
        ("RateLimit:PermitsPerMinute", "1000000"),
        ("Redis:Configuration", redis),
        .. more,
    ];

    /// <summary>The environment of a gateway process outside the sandbox, in front of <paramref name="upstream"/>.</summary>
    public static Dictionary<string, string> ProcessEnvironment(Uri upstream, params (string Key, string? Value)[] settings)
    {
        var environment = GatewayFactory.OutsideTheSandbox(upstream, settings)
            .ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value ?? "");
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return environment;
    }
}
