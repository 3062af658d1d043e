using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Classroom.Agora.Tokens;

/// <summary>The AccessToken2 signature chain: HMAC(issueTs, certificate) → HMAC(salt, ·) → HMAC(·, signing info).</summary>
internal static class AccessToken2Signer
{
    public const int SignatureLength = HMACSHA256.HashSizeInBytes;

    /// <summary>
    /// The first link depends only on the certificate and the second of issue, and a busy minter signs many
    /// tokens in the same second: each thread keeps the last one, beside the certificate it came from.
    /// </summary>
    [ThreadStatic] static IssueKey? t_lastIssueKey;

    public static void Sign(string appCertificate, uint issueTs, uint salt, ReadOnlySpan<byte> signingInfo, Span<byte> signature)
    {
        var issueKey = t_lastIssueKey;
        if (issueKey is null || issueKey.IssueTs != issueTs || !string.Equals(issueKey.Certificate, appCertificate, StringComparison.Ordinal))
        {
            t_lastIssueKey = issueKey = IssueKey.Compute(appCertificate, issueTs);
        }

        Span<byte> saltKey = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(saltKey, salt);
        Span<byte> signing = stackalloc byte[SignatureLength];
        try
        {
            HMACSHA256.HashData(saltKey, issueKey.Key, signing);
            HMACSHA256.HashData(signing, signingInfo, signature);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(signing);
        }
    }

    sealed class IssueKey(string certificate, uint issueTs, byte[] key)
    {
        public string Certificate { get; } = certificate;
        public uint IssueTs { get; } = issueTs;
        public byte[] Key { get; } = key;

        public static IssueKey Compute(string certificate, uint issueTs)
        {
            Span<byte> tsKey = stackalloc byte[sizeof(uint)];
            BinaryPrimitives.WriteUInt32LittleEndian(tsKey, issueTs);
            var certificateBytes = Encoding.UTF8.GetBytes(certificate);
            try
            {
                return new IssueKey(certificate, issueTs, HMACSHA256.HashData(tsKey, certificateBytes));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(certificateBytes);
            }
        }
    }
}
