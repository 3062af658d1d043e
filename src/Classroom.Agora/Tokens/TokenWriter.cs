using System.Buffers.Binary;
using System.Text;

namespace Classroom.Agora.Tokens;

/// <summary>Writes AccessToken2 primitives into a caller's buffer: little-endian integers and u16-length-prefixed strings.</summary>
internal ref struct TokenWriter(Span<byte> buffer)
{
    readonly Span<byte> _buffer = buffer;

    public int Length { get; private set; }
    public readonly ReadOnlySpan<byte> Written => _buffer[..Length];

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), value);
    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);

    public void WriteString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteUInt16(checked((ushort)length));
        Encoding.UTF8.GetBytes(value, Reserve(length));
    }

    /// <summary>Hands out the next <paramref name="count"/> bytes for the caller to fill.</summary>
    public Span<byte> Reserve(int count)
    {
        var span = _buffer.Slice(Length, count);
        Length += count;
        return span;
    }
}
