using System.Buffers;

namespace Gateway.Forwarding;

/// <summary>
/// A body read whole into memory, up to a bound, through a chunk of the shared pool: the memory grows with what came,
/// so a small body costs a small buffer whatever the bound. A buffer of the bound's size per read was 16 KB for every
/// join, whose body is empty, and a megabyte on the large-object heap for every answer of Agora's the gateway read.
/// </summary>
public static class BoundedRead
{
    const int ChunkBytes = 16 * 1024;

    /// <summary>All of <paramref name="stream"/>, or null as soon as more than <paramref name="limit"/> bytes came.</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAtMostAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            using var buffer = new MemoryStream();
            int read;
            while ((read = await stream.ReadAsync(chunk.AsMemory(0, ChunkBytes), cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }
                buffer.Write(chunk, 0, read);
            }
            return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
