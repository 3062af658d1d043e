using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Classroom.Agora.Tokens;

/// <summary>A parsed Agora AccessToken2 ("007…"): header fields, services and the raw signed bytes.</summary>
public sealed class AccessToken2
{
    public const string VersionPrefix = "007";

    /// <summary>The shortest lifetime a builder here gives a token; Agora's own builders take any.</summary>
    public const int MinLifetimeSeconds = 60;
    /// <summary>Agora's longest token lifetime: 24 hours.</summary>
    public const int MaxLifetimeSeconds = 86_400;
    /// <summary>Agora draws a token's salt from 1 to this.</summary>
    public const uint MaxSalt = 99_999_999;

    /// <summary>Decompressed tokens never come near this; the bound stops a zlib bomb.</summary>
    const int MaxContentBytes = 64 * 1024;

    /// <summary>Base64 of any zlib stream of at most <see cref="MaxContentBytes"/>, even a poor encoder's, is shorter.</summary>
    const int MaxTokenLength = 2 * MaxContentBytes;

    AccessToken2(string appId, uint issueTs, uint expire, uint salt, IReadOnlyList<TokenService> services,
        byte[] signature, byte[] signingInfo)
    {
        AppId = appId;
        IssueTs = issueTs;
        Expire = expire;
        Salt = salt;
        Services = services;
        Signature = signature;
        SigningInfo = signingInfo;
    }

    public string AppId { get; }
    public uint IssueTs { get; }
    /// <summary>Seconds from <see cref="IssueTs"/> that the token stays valid.</summary>
    public uint Expire { get; }
    public uint Salt { get; }
    public IReadOnlyList<TokenService> Services { get; }
    public ReadOnlyMemory<byte> Signature { get; }
    public ReadOnlyMemory<byte> SigningInfo { get; }

    public DateTimeOffset IssuedAt => DateTimeOffset.FromUnixTimeSeconds(IssueTs);
    public DateTimeOffset ExpiresAt => DateTimeOffset.FromUnixTimeSeconds((long)IssueTs + Expire);

    /// <summary>The user id of the RTM service, or null when the token has none.</summary>
    public string? RtmUserId => Services.OfType<RtmService>().FirstOrDefault()?.UserId;

    /// <summary>Recomputes the signature with <paramref name="appCertificate"/> and compares in constant time.</summary>
    public bool VerifySignature(string appCertificate)
    {
        Span<byte> expected = stackalloc byte[AccessToken2Signer.SignatureLength];
        AccessToken2Signer.Sign(appCertificate, IssueTs, Salt, SigningInfo.Span, expected);
        return CryptographicOperations.FixedTimeEquals(expected, Signature.Span);
    }

    public static AccessToken2 Parse(string token) =>
        TryParse(token, out var parsed, out var error) ? parsed : throw new FormatException(error);

    public static bool TryParse(string? token, [NotNullWhen(true)] out AccessToken2? parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        if (string.IsNullOrEmpty(token) || !token.StartsWith(VersionPrefix, StringComparison.Ordinal))
        {
            error = "The token is not an AccessToken2 (it must start with \"007\").";
            return false;
        }

        if (token.Length > MaxTokenLength)
        {
            error = $"The token is longer than {MaxTokenLength} characters.";
            return false;
        }
        if (!TryInflate(token.AsSpan(VersionPrefix.Length), out var content, out error))
        {
            return false;
        }

        try
        {
            var reader = new TokenReader(content);
            var signature = reader.ReadBytes();
            var signingStart = reader.Position;
            var appId = reader.ReadString();
            var issueTs = reader.ReadUInt32();
            var expire = reader.ReadUInt32();
            var salt = reader.ReadUInt32();
            var count = reader.ReadUInt16();
            var services = new List<TokenService>(count);
            for (var i = 0; i < count; i++)
            {
                services.Add(TokenService.Read(ref reader));
            }
            if (!reader.AtEnd)
            {
                error = "The token has trailing bytes.";
                return false;
            }
            parsed = new AccessToken2(appId, issueTs, expire, salt, services, signature, content[signingStart..]);
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return false;
        }
    }

    static bool TryInflate(ReadOnlySpan<char> base64, [NotNullWhen(true)] out byte[]? content, [NotNullWhen(false)] out string? error)
    {
        content = null;
        var compressed = ArrayPool<byte>.Shared.Rent(base64.Length / 4 * 3 + 3);
        var inflated = ArrayPool<byte>.Shared.Rent(MaxContentBytes + 1);
        try
        {
            if (!Convert.TryFromBase64Chars(base64, compressed, out var compressedLength))
            {
                error = "The token is not valid base64.";
                return false;
            }
            using var zlib = new ZLibStream(new MemoryStream(compressed, 0, compressedLength), CompressionMode.Decompress);
            // One byte more than allowed tells a full buffer from an oversized stream without inflating the rest.
            var window = inflated.AsSpan(0, MaxContentBytes + 1);
            var length = 0;
            int read;
            while (length < window.Length && (read = zlib.Read(window[length..])) > 0)
            {
                length += read;
            }
            if (length > MaxContentBytes)
            {
                error = $"The token content is larger than {MaxContentBytes} bytes.";
                return false;
            }
            content = window[..length].ToArray();
            error = null;
            return true;
        }
        catch (InvalidDataException)
        {
            error = "The token is not valid zlib data.";
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compressed);
            ArrayPool<byte>.Shared.Return(inflated);
        }
    }
}
