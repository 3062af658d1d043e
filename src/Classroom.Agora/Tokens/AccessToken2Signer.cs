using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Classroom.Agora.Tokens;

/// <summary>The AccessToken2 signature chain: HMAC(issueTs, certificate) → HMAC(salt, ·) → HMAC(·, signing info).</summary>
internal static class AccessToken2Signer
{
    public const int SignatureLength = SHA256.HashSizeInBytes;
    const int BlockLength = 64;
    const int StackMessageLength = 256;

    /// <summary>
    /// The first link depends only on the certificate and the second of issue, and a busy minter signs many
    /// tokens in the same second: each thread keeps the last one.
    /// </summary>
    [ThreadStatic] static IssueKey? t_lastIssueKey;

    public static void Sign(string appCertificate, uint issueTs, uint salt, ReadOnlySpan<byte> signingInfo, Span<byte> signature)
    {
        var issueKey = t_lastIssueKey;
        if (issueKey is null || issueKey.IssueTs != issueTs || !string.Equals(issueKey.Certificate, appCertificate, StringComparison.Ordinal))
        {
            t_lastIssueKey = issueKey = IssueKey.Compute(appCertificate, issueTs);
        }

        Span<byte> saltKey = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(saltKey, salt);
        Span<byte> signing = stackalloc byte[SignatureLength];
        HmacSha256(saltKey, issueKey.Key, signing);
        HmacSha256(signing, signingInfo, signature);
    }

    /// <summary>
    /// HMAC-SHA256 (RFC 2104) for keys of at most one block, on the one-shot SHA-256: for inputs this short
    /// the platform's one-shot HMAC takes about a quarter longer, all of it in setting up.
    /// </summary>
    internal static void HmacSha256(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, Span<byte> mac)
    {
        if (key.Length > BlockLength)
        {
            throw new ArgumentException("An AccessToken2 HMAC key is at most one block.", nameof(key));
        }
        var length = BlockLength + Math.Max(message.Length, SignatureLength);
        byte[]? rented = null;
        var buffer = length <= BlockLength + StackMessageLength
            ? stackalloc byte[BlockLength + StackMessageLength]
            : rented = ArrayPool<byte>.Shared.Rent(length);

        var pad = buffer[..BlockLength];
        Pad(key, 0x36, pad);
        message.CopyTo(buffer[BlockLength..]);
        Span<byte> inner = stackalloc byte[SignatureLength];
        SHA256.HashData(buffer[..(BlockLength + message.Length)], inner);

        Pad(key, 0x5c, pad);
        inner.CopyTo(buffer[BlockLength..]);
        SHA256.HashData(buffer[..(BlockLength + SignatureLength)], mac);

        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
    }

    static void Pad(ReadOnlySpan<byte> key, byte pad, Span<byte> block)
    {
        block.Fill(pad);
        for (var i = 0; i < key.Length; i++)
        {
            block[i] ^= key[i];
        }
    }

    sealed class IssueKey(string certificate, uint issueTs, byte[] key)
    {
        public string Certificate { get; } = certificate;
        public uint IssueTs { get; } = issueTs;
        public byte[] Key { get; } = key;

        public static IssueKey Compute(string certificate, uint issueTs)
        {
            Span<byte> tsKey = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(tsKey, issueTs);
            var key = new byte[SignatureLength];
            HmacSha256(tsKey, Encoding.UTF8.GetBytes(certificate), key);
            return new IssueKey(certificate, issueTs, key);
        }
    }
}
