using System.IO.Compression;

namespace Classroom.Agora.Tests.Tokens;

/// <summary>The inside of a token, read and rewritten with the platform's zlib rather than our parser.</summary>
internal static class TokenBytes
{
    public static byte[] Inflate(string token)
    {
        using var zlib = new ZLibStream(new MemoryStream(Convert.FromBase64String(token[3..])), CompressionMode.Decompress);
        using var output = new MemoryStream();
        zlib.CopyTo(output);
        return output.ToArray();
    }

    public static string InflatedHex(string token) => Convert.ToHexStringLower(Inflate(token));

    public static string Deflate(ReadOnlySpan<byte> content)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(content);
        }
        return "007" + Convert.ToBase64String(output.ToArray());
    }
}
