namespace Classroom.Agora;

/// <summary>
/// Well-known credentials of the sandbox: the emulator and a gateway pointed at it use them when nothing
/// else is configured. They open nothing at Agora; a real deployment configures its own.
/// </summary>
public static class AgoraSandbox
{
    public const string AppId = "5a4dc0ffee5a4dc0ffee5a4dc0ffee00";
    public const string AppCertificate = "c0ffee5a4dc0ffee5a4dc0ffee5a4d11";

    public static AgoraCredentials Credentials { get; } = new(AppId, AppCertificate);
}
