using System.Reflection;
using Gateway.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.Deploy;

/// <summary>
/// The configuration keys the gateway reads, derived rather than listed: every settable property of every options class
/// (a class with a <c>Section</c> constant), walked from its section down, and every key a running gateway asks its
/// configuration for (the framework's own, such as <c>Logging:Console:FormatterName</c> or <c>ForwardedHeaders_Enabled</c>).
/// </summary>
public static class GatewayConfigurationKeys
{
    public static async Task<IReadOnlySet<string>> ReadAsync()
    {
        var keys = new HashSet<string>(OfOptionsClasses(), StringComparer.OrdinalIgnoreCase);
        keys.UnionWith(await AskedByARunningGatewayAsync());
        return keys;
    }

    /// <summary>Whether <paramref name="key"/> (<c>Section:Key</c>, an array element's index last) is one of <paramref name="keys"/>.</summary>
    public static bool Reads(this IReadOnlySet<string> keys, string key)
    {
        var segments = key.Split(':').ToList();
        while (segments.Count > 1 && int.TryParse(segments[^1], out _))
        {
            segments.RemoveAt(segments.Count - 1);
        }
        return keys.Contains(string.Join(':', segments));
    }

    static IEnumerable<string> OfOptionsClasses() =>
        typeof(Program).Assembly.GetTypes()
            .Select(type => (Type: type, Section: type.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
            .Where(options => options.Section is { IsLiteral: true } && options.Section.FieldType == typeof(string))
            .SelectMany(options => Walk((string)options.Section!.GetRawConstantValue()!, options.Type));

    static IEnumerable<string> Walk(string prefix, Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
        {
            var key = $"{prefix}:{property.Name}";
            yield return key;
            var value = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (value.IsClass && value != typeof(string) && value != typeof(Uri) && !value.IsArray)
            {
                foreach (var nested in Walk(key, value))
                {
                    yield return nested;
                }
            }
        }
    }

    static async Task<IReadOnlySet<string>> AskedByARunningGatewayAsync()
    {
        var recorder = new KeyRecordingConfiguration();
        await using var gateway = new GatewayFactory(GatewayFactory.OutsideTheSandbox(new Uri("http://127.0.0.1:9")), environment: "Production")
            .WithWebHostBuilder(builder => builder.ConfigureAppConfiguration((_, configuration) => configuration.Add(recorder)));
        using var client = gateway.CreateClient();
        await client.GetAsync("/healthz", Json.Cancel);
        return recorder.Asked;
    }
}
