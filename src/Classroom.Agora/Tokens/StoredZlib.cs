using System.Buffers.Binary;

namespace Classroom.Agora.Tokens;

/// <summary>
/// Wraps bytes in a zlib stream (RFC 1950) of one stored deflate block (RFC 1951 §3.2.4). Token content is a
/// signature, hex and a few integers — deflate saves a handful of bytes on it, while setting up a deflater
/// costs more than everything else in minting a token. Every inflater reads stored blocks.
/// </summary>
internal static class StoredZlib
{
    /// <summary>Header (2), block header (5) and Adler-32 trailer (4) around the content.</summary>
    public const int Overhead = 11;
    const int MaxBlockLength = ushort.MaxValue;

    public static int Write(ReadOnlySpan<byte> content, Span<byte> destination)
    {
        if (content.Length > MaxBlockLength)
        {
            throw new ArgumentException("Content for one stored block is at most 65535 bytes.", nameof(content));
        }
        // CMF 0x78: deflate with a 32 KiB window; FLG 0x01 makes CMF·256 + FLG a multiple of 31, no dictionary.
        destination[0] = 0x78;
        destination[1] = 0x01;
        destination[2] = 0x01; // BFINAL = 1, BTYPE = 00 (stored)
        BinaryPrimitives.WriteUInt16LittleEndian(destination[3..], (ushort)content.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[5..], (ushort)~content.Length);
        content.CopyTo(destination[7..]);
        BinaryPrimitives.WriteUInt32BigEndian(destination[(7 + content.Length)..], Adler32(content));
        return content.Length + Overhead;
    }

    static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Modulus = 65521;
        // 5552 bytes is the longest run whose sums cannot overflow 32 bits before reducing (zlib's NMAX).
        const int MaxRun = 5552;
        uint a = 1, b = 0;
        while (!data.IsEmpty)
        {
            var run = data[..Math.Min(data.Length, MaxRun)];
            foreach (var value in run)
            {
                a += value;
                b += a;
            }
            a %= Modulus;
            b %= Modulus;
            data = data[run.Length..];
        }
        return (b << 16) | a;
    }
}
