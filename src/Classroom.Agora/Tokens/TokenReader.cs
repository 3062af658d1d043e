using System.Buffers.Binary;
using System.Text;

namespace Classroom.Agora.Tokens;

/// <summary>Reads AccessToken2 primitives: little-endian integers and u16-length-prefixed bytes.</summary>
internal ref struct TokenReader(ReadOnlySpan<byte> content)
{
    readonly ReadOnlySpan<byte> _content = content;

    public int Position { get; private set; }
    public readonly bool AtEnd => Position == _content.Length;

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
    public short ReadInt16() => BinaryPrimitives.ReadInt16LittleEndian(Take(2));
    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
    public byte[] ReadBytes() => Take(ReadUInt16()).ToArray();

    public string ReadString()
    {
        try
        {
            return StrictUtf8.GetString(Take(ReadUInt16()));
        }
        catch (DecoderFallbackException)
        {
            throw new FormatException("The token holds a string that is not UTF-8.");
        }
    }

    public SortedDictionary<ushort, uint> ReadPrivileges()
    {
        var count = ReadUInt16();
        var privileges = new SortedDictionary<ushort, uint>();
        for (var i = 0; i < count; i++)
        {
            privileges[ReadUInt16()] = ReadUInt32();
        }
        return privileges;
    }

    ReadOnlySpan<byte> Take(int length)
    {
        if (length > _content.Length - Position)
        {
            throw new FormatException("The token is truncated.");
        }
        var slice = _content.Slice(Position, length);
        Position += length;
        return slice;
    }

    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
