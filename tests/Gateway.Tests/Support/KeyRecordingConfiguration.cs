using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.Support;

/// <summary>
/// A configuration source that holds nothing and records every key asked of it. Added last, it is asked first for every
/// key any part of the gateway reads — options binding asks for each property of each bound class, present or not — so
/// what it records is the set of keys the gateway reads.
/// </summary>
public sealed class KeyRecordingConfiguration : ConfigurationProvider, IConfigurationSource
{
    readonly HashSet<string> _asked = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlySet<string> Asked
    {
        get
        {
            lock (_asked)
            {
                return _asked.ToHashSet(StringComparer.OrdinalIgnoreCase);
            }
        }
    }

    public override bool TryGet(string key, out string? value)
    {
        lock (_asked)
        {
            _asked.Add(key);
        }
        value = null;
        return false;
    }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;
}
