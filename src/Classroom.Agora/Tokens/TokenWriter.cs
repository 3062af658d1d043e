using System.Buffers.Binary;
using System.Text;

namespace Classroom.Agora.Tokens;

/// <summary>Writes AccessToken2 primitives into a caller's buffer: little-endian integers, u16-length-prefixed strings, privilege maps.</summary>
internal ref struct TokenWriter(Span<byte> buffer)
{
    /// <summary>A privilege's key (u16) and seconds (u32).</summary>
    const int PrivilegeLength = 6;

    readonly Span<byte> _buffer = buffer;

    public int Length { get; private set; }
    public readonly ReadOnlySpan<byte> Written => _buffer[..Length];

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), value);
    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16LittleEndian(Reserve(2), value);
    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);

    public void WriteString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteUInt16(checked((ushort)length));
        Encoding.UTF8.GetBytes(value, Reserve(length));
    }

    /// <summary>The count, then each privilege and its seconds, keys ascending.</summary>
    public void WritePrivileges(IReadOnlyDictionary<ushort, uint> privileges)
    {
        WriteUInt16(checked((ushort)privileges.Count));
        // Reserved first: what fits in the buffer is few enough keys to sort on the stack.
        var entries = Reserve(privileges.Count * PrivilegeLength);
        Span<ushort> keys = stackalloc ushort[privileges.Count];
        var count = 0;
        foreach (var privilege in privileges.Keys)
        {
            keys[count++] = privilege;
        }
        keys.Sort();
        foreach (var privilege in keys)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(entries, privilege);
            BinaryPrimitives.WriteUInt32LittleEndian(entries[2..], privileges[privilege]);
            entries = entries[PrivilegeLength..];
        }
    }

    /// <summary>Hands out the next <paramref name="count"/> bytes for the caller to fill.</summary>
    public Span<byte> Reserve(int count)
    {
        if (count > _buffer.Length - Length)
        {
            throw new InvalidOperationException($"The token content is longer than {_buffer.Length} bytes.");
        }
        var span = _buffer.Slice(Length, count);
        Length += count;
        return span;
    }
}
