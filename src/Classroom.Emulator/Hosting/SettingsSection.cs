using Microsoft.Extensions.Configuration;

namespace Classroom.Emulator.Hosting;

/// <summary>
/// A section of settings bound to options that are validated on start (<see cref="StartupConfiguration.BindSettings"/>):
/// <see cref="Read"/> binds a configuration to a fresh instance of the options, throwing where a value cannot be read as
/// its type (and, when told to, where a key names no setting of the options), and <see cref="Validate"/> reads the
/// application's options, throwing their validation failures.
/// </summary>
public sealed record SettingsSection(string Path, Action<IConfiguration, bool> Read, Action<IServiceProvider> Validate);
