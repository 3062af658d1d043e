namespace Classroom.Emulator.Hosting;

/// <summary>How the emulator authenticates callers: the <c>Emulator</c> section.</summary>
public sealed class EmulatorAuthenticationOptions
{
    public const string Section = "Emulator";

    public EmulatorCredentials Credentials { get; set; } = EmulatorCredentials.Any;
}
