namespace Classroom.Emulator.Hosting;

/// <summary>The tokens the emulator takes: <c>Emulator:Credentials</c>.</summary>
public enum EmulatorCredentials
{
    /// <summary>An app token, or a token that lets <c>x-agora-uid</c> log in to RTM (a plain RTM or a room-user token).</summary>
    Any,
    /// <summary>App tokens only, as Agora's current REST reference authenticates server calls.</summary>
    App,
}
