using System.Text;

namespace Classroom.Agora.Tokens;

/// <summary>
/// Writes an AccessToken2 of any services: every token kind the builders mint goes through here, so the container,
/// the signature and the encoding are written once.
/// </summary>
internal static class AccessToken2Writer
{
    /// <summary>
    /// str(signature) and the signing info of the longest token minted here, a room-user token with a room and a user
    /// of <see cref="MaxIdBytes"/> bytes each, come to 343 bytes.
    /// </summary>
    public const int MaxContentLength = 512;

    /// <summary>Agora's ids (user, room) are under 64 bytes.</summary>
    const int MaxIdBytes = 63;

    public static string Write(string appId, string appCertificate, uint issueTs, uint salt, uint expireSeconds, params Span<TokenService> services)
    {
        Span<byte> content = stackalloc byte[MaxContentLength];
        var length = Compose(appId, appCertificate, issueTs, salt, expireSeconds, services, content);
        return Encode(content[..length]);
    }

    /// <summary>
    /// Writes the signed content, <c>str(signature) | signing_info</c>, into <paramref name="content"/>; returns its length.
    /// The services are written in ascending type order, sorted in place.
    /// </summary>
    public static int Compose(string appId, string appCertificate, uint issueTs, uint salt, uint expireSeconds,
        Span<TokenService> services, Span<byte> content)
    {
        AgoraCredentials.EnsureHex32(appId, nameof(appId));
        AgoraCredentials.EnsureHex32(appCertificate, nameof(appCertificate));
        if (salt is 0 or > AccessToken2.MaxSalt)
        {
            throw new ArgumentOutOfRangeException(nameof(salt), salt, $"The salt is from 1 to {AccessToken2.MaxSalt}.");
        }
        if (expireSeconds is < AccessToken2.MinLifetimeSeconds or > AccessToken2.MaxLifetimeSeconds)
        {
            throw new ArgumentOutOfRangeException(nameof(expireSeconds), expireSeconds, LifetimeRule);
        }

        var writer = new TokenWriter(content);
        writer.WriteUInt16(AccessToken2Signer.SignatureLength);
        var signature = writer.Reserve(AccessToken2Signer.SignatureLength);
        var signingStart = writer.Length;
        writer.WriteString(appId);
        writer.WriteUInt32(issueTs);
        writer.WriteUInt32(expireSeconds);
        writer.WriteUInt32(salt);
        writer.WriteUInt16(checked((ushort)services.Length));
        services.Sort(static (a, b) => a.Type.CompareTo(b.Type));
        foreach (var service in services)
        {
            service.Write(ref writer);
        }
        AccessToken2Signer.Sign(appCertificate, issueTs, salt, writer.Written[signingStart..], signature);
        return writer.Length;
    }

    /// <summary>
    /// <c>"007" + base64(zlib(content))</c>, the zlib stream one stored block (see <see cref="StoredZlib"/>): a deflater
    /// set up per token (<c>ZLibStream</c>) more than doubled the cost of minting one (README, "RTM and education tokens").
    /// </summary>
    public static string Encode(ReadOnlySpan<byte> content)
    {
        Span<byte> zlib = stackalloc byte[MaxContentLength + StoredZlib.Overhead];
        zlib = zlib[..StoredZlib.Write(content, zlib)];
        Span<char> token = stackalloc char[AccessToken2.VersionPrefix.Length + (zlib.Length + 2) / 3 * 4];
        AccessToken2.VersionPrefix.CopyTo(token);
        Convert.TryToBase64Chars(zlib, token[AccessToken2.VersionPrefix.Length..], out _);
        return new string(token);
    }

    /// <summary>Agora's ids are whole Unicode characters, non-empty and under 64 bytes of UTF-8.</summary>
    public static void EnsureId(string id, string name)
    {
        ArgumentNullException.ThrowIfNull(id, name);
        int bytes;
        try
        {
            bytes = StrictUtf8.GetByteCount(id);
        }
        catch (EncoderFallbackException)
        {
            bytes = 0;
        }
        if (bytes is 0 or > MaxIdBytes)
        {
            throw new ArgumentException($"An Agora id is 1 to {MaxIdBytes} bytes of UTF-8 of whole Unicode characters.", name);
        }
    }

    public static readonly string LifetimeRule =
        $"A token lifetime is a whole number of seconds from {AccessToken2.MinLifetimeSeconds} to {AccessToken2.MaxLifetimeSeconds}.";
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
