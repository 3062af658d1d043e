using System.Buffers;

namespace Classroom.Agora;

/// <summary>An Agora project's app id and app certificate: 32 hexadecimal characters each.</summary>
public sealed record AgoraCredentials
{
    public AgoraCredentials(string appId, string appCertificate)
    {
        EnsureHex32(appId, nameof(appId));
        EnsureHex32(appCertificate, nameof(appCertificate));
        AppId = appId;
        AppCertificate = appCertificate;
    }

    public string AppId { get; }
    public string AppCertificate { get; }

    /// <summary>Keeps the certificate out of logs and exception messages.</summary>
    public override string ToString() => $"AgoraCredentials {{ AppId = {AppId} }}";

    public static bool IsHex32(string? value) => value is { Length: 32 } && !value.AsSpan().ContainsAnyExcept(HexDigits);

    static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    internal static void EnsureHex32(string value, string name)
    {
        if (!IsHex32(value))
        {
            throw new ArgumentException("The value must be 32 hexadecimal characters.", name);
        }
    }
}
