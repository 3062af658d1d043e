using System.IO.Compression;
using Classroom.Agora.Tokens;

namespace Classroom.Benchmarks;

/// <summary>
/// The encoding the library does not ship, kept to measure against its one stored deflate block: the platform's
/// deflater, <c>ZLibStream</c> at <c>CompressionLevel.Optimal</c>, which writes the token test vector exactly as
/// Node's agora-token does.
/// </summary>
static class ZLibStreamEncoding
{
    public static string Encode(ReadOnlySpan<byte> content)
    {
        using var output = new MemoryStream(AccessToken2Writer.MaxContentLength);
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(content);
        }
        return AccessToken2.VersionPrefix + Convert.ToBase64String(output.GetBuffer(), 0, (int)output.Length);
    }
}
