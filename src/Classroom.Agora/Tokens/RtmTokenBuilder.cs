using System.Text;

namespace Classroom.Agora.Tokens;

/// <summary>A minted RTM token and the instants it is valid between.</summary>
public sealed record RtmToken(string Token, string UserId, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);

/// <summary>
/// Builds AccessToken2 ("007") tokens carrying one RTM service with the login privilege.
/// The clock and the salt are injectable so that tests and the test vector can pin them.
/// </summary>
public sealed class RtmTokenBuilder(TimeProvider time, Func<uint>? saltSource = null)
{
    public const int MinLifetimeSeconds = 60;
    public const int MaxLifetimeSeconds = 86_400;
    public const uint MaxSalt = 99_999_999;

    /// <summary>
    /// The salt travels in the clear inside every token: it has to vary, not to be secret, so the fast shared
    /// generator serves (a cryptographic draw cost about half as much as signing the token).
    /// </summary>
    readonly Func<uint> _salt = saltSource ?? (() => (uint)Random.Shared.Next(1, (int)MaxSalt + 1));

    public RtmToken Build(AgoraCredentials credentials, string userId, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var seconds = lifetime.TotalSeconds;
        if (seconds is < MinLifetimeSeconds or > MaxLifetimeSeconds || seconds != Math.Floor(seconds))
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, LifetimeRule);
        }
        var issuedAt = time.GetUtcNow();
        var issueTs = checked((uint)issuedAt.ToUnixTimeSeconds());
        var expire = (uint)seconds;
        var token = Build(credentials.AppId, credentials.AppCertificate, userId, issueTs, _salt(), expire);
        return new RtmToken(token, userId, DateTimeOffset.FromUnixTimeSeconds(issueTs), DateTimeOffset.FromUnixTimeSeconds((long)issueTs + expire));
    }

    /// <summary>The pure form: every input pinned, as the test vector states them.</summary>
    public static string Build(string appId, string appCertificate, string userId, uint issueTs, uint salt, uint expireSeconds)
    {
        AgoraCredentials.EnsureHex32(appId, nameof(appId));
        AgoraCredentials.EnsureHex32(appCertificate, nameof(appCertificate));
        EnsureUserId(userId);
        if (salt is 0 or > MaxSalt)
        {
            throw new ArgumentOutOfRangeException(nameof(salt), salt, $"The salt is from 1 to {MaxSalt}.");
        }
        if (expireSeconds is < MinLifetimeSeconds or > MaxLifetimeSeconds)
        {
            throw new ArgumentOutOfRangeException(nameof(expireSeconds), expireSeconds, LifetimeRule);
        }

        // content = str(signature) | signing_info; the signature is filled in once signing_info is written.
        Span<byte> content = stackalloc byte[MaxContentLength];
        var writer = new TokenWriter(content);
        writer.WriteUInt16(AccessToken2Signer.SignatureLength);
        var signature = writer.Reserve(AccessToken2Signer.SignatureLength);
        var signingStart = writer.Length;
        writer.WriteString(appId);
        writer.WriteUInt32(issueTs);
        writer.WriteUInt32(expireSeconds);
        writer.WriteUInt32(salt);
        writer.WriteUInt16(1);
        writer.WriteUInt16(TokenService.RtmType);
        writer.WriteUInt16(1);
        writer.WriteUInt16(RtmService.LoginPrivilege);
        writer.WriteUInt32(expireSeconds);
        writer.WriteString(userId);
        AccessToken2Signer.Sign(appCertificate, issueTs, salt, writer.Written[signingStart..], signature);

        Span<byte> zlib = stackalloc byte[MaxContentLength + StoredZlib.Overhead];
        zlib = zlib[..StoredZlib.Write(writer.Written, zlib)];
        Span<char> token = stackalloc char[AccessToken2.VersionPrefix.Length + (zlib.Length + 2) / 3 * 4];
        AccessToken2.VersionPrefix.CopyTo(token);
        Convert.TryToBase64Chars(zlib, token[AccessToken2.VersionPrefix.Length..], out _);
        return new string(token);
    }

    /// <summary>Agora user ids are whole Unicode characters, non-empty and under 64 bytes of UTF-8.</summary>
    public static void EnsureUserId(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        int bytes;
        try
        {
            bytes = StrictUtf8.GetByteCount(userId);
        }
        catch (EncoderFallbackException)
        {
            bytes = 0;
        }
        if (bytes is 0 or > MaxUserIdBytes)
        {
            throw new ArgumentException($"An RTM user id is 1 to {MaxUserIdBytes} bytes of UTF-8 of whole Unicode characters.", nameof(userId));
        }
    }

    const int MaxUserIdBytes = 63;
    /// <summary>str(signature) and the signing info of one RTM service whose user id is as long as allowed.</summary>
    const int MaxContentLength = 2 + AccessToken2Signer.SignatureLength + 2 + 32 + 4 + 4 + 4 + 2 + 2 + 2 + 2 + 4 + 2 + MaxUserIdBytes;
    static readonly string LifetimeRule = $"An RTM token lifetime is a whole number of seconds from {MinLifetimeSeconds} to {MaxLifetimeSeconds}.";
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
