using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Classroom.Agora.Tokens;

/// <summary>The AccessToken2 signature chain: HMAC(issueTs, certificate) → HMAC(salt, ·) → HMAC(·, signing info).</summary>
internal static class AccessToken2Signer
{
    public const int SignatureLength = HMACSHA256.HashSizeInBytes;

    public static void Sign(string appCertificate, uint issueTs, uint salt, ReadOnlySpan<byte> signingInfo, Span<byte> signature)
    {
        Span<byte> certificate = stackalloc byte[Encoding.UTF8.GetMaxByteCount(appCertificate.Length)];
        certificate = certificate[..Encoding.UTF8.GetBytes(appCertificate, certificate)];

        Span<byte> key = stackalloc byte[4];
        Span<byte> issued = stackalloc byte[SignatureLength];
        BinaryPrimitives.WriteUInt32LittleEndian(key, issueTs);
        HMACSHA256.HashData(key, certificate, issued);

        Span<byte> signing = stackalloc byte[SignatureLength];
        BinaryPrimitives.WriteUInt32LittleEndian(key, salt);
        HMACSHA256.HashData(key, issued, signing);

        HMACSHA256.HashData(signing, signingInfo, signature);
    }
}
