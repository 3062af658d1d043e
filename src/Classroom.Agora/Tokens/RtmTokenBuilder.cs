using System.IO.Compression;
using System.Security.Cryptography;
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

    readonly Func<uint> _salt = saltSource ?? (() => (uint)RandomNumberGenerator.GetInt32(1, (int)MaxSalt + 1));

    public RtmToken Build(AgoraCredentials credentials, string userId, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var seconds = lifetime.TotalSeconds;
        if (seconds is < MinLifetimeSeconds or > MaxLifetimeSeconds || seconds != Math.Floor(seconds))
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime,
                $"An RTM token lifetime is a whole number of seconds from {MinLifetimeSeconds} to {MaxLifetimeSeconds}.");
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

        var signingInfo = new TokenWriter(96);
        signingInfo.WriteString(appId);
        signingInfo.WriteUInt32(issueTs);
        signingInfo.WriteUInt32(expireSeconds);
        signingInfo.WriteUInt32(salt);
        signingInfo.WriteUInt16(1);
        signingInfo.WriteUInt16(TokenService.RtmType);
        signingInfo.WriteUInt16(1);
        signingInfo.WriteUInt16(RtmService.LoginPrivilege);
        signingInfo.WriteUInt32(expireSeconds);
        signingInfo.WriteString(userId);

        Span<byte> signature = stackalloc byte[AccessToken2Signer.SignatureLength];
        AccessToken2Signer.Sign(appCertificate, issueTs, salt, signingInfo.Written, signature);

        var content = new TokenWriter(signingInfo.Length + signature.Length + 2);
        content.WriteBytes(signature);
        content.WriteRaw(signingInfo.Written);

        using var compressed = new MemoryStream(128);
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(content.Written);
        }
        return AccessToken2.VersionPrefix + Convert.ToBase64String(compressed.GetBuffer(), 0, (int)compressed.Length);
    }

    /// <summary>Agora user ids are non-empty and under 64 bytes of UTF-8.</summary>
    public static void EnsureUserId(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var bytes = Encoding.UTF8.GetByteCount(userId);
        if (bytes is 0 or >= 64)
        {
            throw new ArgumentException("An RTM user id is 1 to 63 bytes of UTF-8.", nameof(userId));
        }
    }
}
