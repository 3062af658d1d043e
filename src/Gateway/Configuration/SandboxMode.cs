using Classroom.Agora;

namespace Gateway.Configuration;

/// <summary>
/// The sandbox: the emulator hosted in-process as upstream, with well-known credentials and JWT key,
/// so that a fresh clone runs with nothing configured. Never on unless asked for outside Development.
/// </summary>
public static class SandboxMode
{
    public const string Issuer = "https://sandbox.classroom-gateway.local";
    public const string Audience = "classroom-gateway";
    /// <summary>Base64 of a fixed 32-byte key; it signs only sandbox tokens.</summary>
    public const string SigningKey = "c2FuZGJveC1jbGFzc3Jvb20tZ2F0ZXdheS1rZXktMzI=";

    /// <summary>
    /// <c>Agora:Emulator:Enabled</c>, or Development without it. A value that is not a boolean never turns the sandbox on:
    /// it is read as off here, where the host is still being built, and the start is refused naming it
    /// (<see cref="Classroom.Emulator.Hosting.StartupConfiguration"/>), rather than thrown past the checks as the binder would.
    /// An empty value (<c>Agora__Emulator__Enabled=</c>) is left out, as the binder reads it and as the other sandbox values are.
    /// </summary>
    public static bool IsEnabled(IConfiguration configuration, IHostEnvironment environment) =>
        configuration["Agora:Emulator:Enabled"] is { Length: > 0 } enabled
            ? bool.TryParse(enabled, out var on) && on
            : environment.IsDevelopment();

    /// <summary>Fills in the sandbox values that the configuration leaves out or empty (<c>Agora__AppId=</c>), each alike.</summary>
    public static void ApplyDefaults(AgoraOptions agora)
    {
        agora.AppId = string.IsNullOrEmpty(agora.AppId) ? AgoraSandbox.AppId : agora.AppId;
        agora.AppCertificate = string.IsNullOrEmpty(agora.AppCertificate) ? AgoraSandbox.AppCertificate : agora.AppCertificate;
        // The embedded emulator is the only upstream: no backup unless one is asked for.
        agora.BackupBaseUrl ??= "";
    }

    /// <summary>
    /// Whether the sign-ins the gateway takes are the sandbox's own, signed with its well-known key: not when the operator
    /// set a key or an authority of their own, whose tokens are a school's real JWTs.
    /// </summary>
    public static bool SignsInWithTheSandboxKey(AuthOptions auth) => auth.SigningKey == SigningKey;

    /// <summary>
    /// Whether <paramref name="auth"/>'s key is the sandbox's, in any spelling of its bytes, beside an app certificate that is
    /// not the sandbox's (<paramref name="appCertificate"/>): tokens anyone can sign, and Agora tokens of a real app for them.
    /// </summary>
    public static bool SignsInWithTheSandboxKeyBeside(AuthOptions auth, string? appCertificate) =>
        auth.SigningKeyBytes is { } key && key.AsSpan().SequenceEqual(Convert.FromBase64String(SigningKey))
        && !IsSandboxCertificate(appCertificate);

    /// <summary>
    /// Whether <paramref name="appCertificate"/> is the sandbox's own, published with the source: the Agora tokens minted
    /// with it are worth nothing anywhere but the emulator, unlike those of an operator's own certificate.
    /// </summary>
    public static bool IsSandboxCertificate(string? appCertificate) =>
        string.Equals(appCertificate, AgoraSandbox.AppCertificate, StringComparison.Ordinal);

    public static void ApplyDefaults(AuthOptions auth)
    {
        auth.Issuer = string.IsNullOrEmpty(auth.Issuer) ? Issuer : auth.Issuer;
        auth.Audience = string.IsNullOrEmpty(auth.Audience) ? Audience : auth.Audience;
        if (auth.Authority is null)
        {
            auth.SigningKey = string.IsNullOrEmpty(auth.SigningKey) ? SigningKey : auth.SigningKey;
        }
    }
}
