namespace Gateway.Tests.Events;

/// <summary>The poller on, with short intervals so a test waits a little, not the production seconds.</summary>
public static class EventTestSettings
{
    public static (string Key, string? Value)[] Polling(string? redis = null, params (string Key, string? Value)[] more) =>
    [
        ("Events:PollingEnabled", "true"),
        ("Events:PollIntervalMilliseconds", "50"),
        ("Events:LeaseSeconds", "2"),
        ("Events:MaxBackoffSeconds", "1"),
        ("Events:HeartbeatSeconds", "1"),
        ("Redis:Configuration", redis),
        .. more,
    ];
}
