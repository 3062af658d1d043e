using System.Buffers.Binary;
using System.Text;

namespace Classroom.Agora.Tokens;

/// <summary>Writes AccessToken2 primitives into a growable buffer.</summary>
internal sealed class TokenWriter(int capacity)
{
    byte[] _buffer = new byte[capacity];

    public int Length { get; private set; }
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), value);
    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteUInt16(checked((ushort)value.Length));
        value.CopyTo(Reserve(value.Length));
    }

    public void WriteString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteUInt16(checked((ushort)length));
        Encoding.UTF8.GetBytes(value, Reserve(length));
    }

    public void WriteRaw(ReadOnlySpan<byte> value) => value.CopyTo(Reserve(value.Length));

    Span<byte> Reserve(int count)
    {
        if (Length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        }
        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
