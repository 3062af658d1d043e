namespace Classroom.Emulator.Hosting;

/// <summary>What the emulator's root answers: which service this is, for a person or a script checking the address.</summary>
public sealed record EmulatorIdentity(string Service)
{
    public static readonly EmulatorIdentity Instance = new("Flexible Classroom emulator");
}
