using Gateway.Forwarding;

namespace Gateway.Resources;

/// <summary>Passes every byte on to the client and keeps a copy of the first <c>limit</c> bytes.</summary>
sealed class CapturingStream(Stream inner, int limit) : WriteOnlyStream(inner)
{
    readonly MemoryStream _copy = new();
    bool _overflowed;

    /// <summary>Everything written, or null when it was longer than the limit.</summary>
    public byte[]? Captured => _overflowed ? null : _copy.ToArray();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Keep(buffer.Span);
        await Inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        Keep(buffer.AsSpan(offset, count));
        Inner.Write(buffer, offset, count);
    }

    void Keep(ReadOnlySpan<byte> bytes)
    {
        _overflowed |= _copy.Length + bytes.Length > limit;
        if (!_overflowed)
        {
            _copy.Write(bytes);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _copy.Dispose();
        }
        base.Dispose(disposing);
    }
}
