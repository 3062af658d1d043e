namespace Gateway.Forwarding;

/// <summary>
/// The client's answer body as the forwarder writes Agora's answer into it: while a write waits for the client to take
/// it, Agora's <see cref="AgoraTimeBound"/> stands still. A client reading slowly is the client's time, not Agora's: counted
/// in the bound, it cut off an answer Agora had given in time and was counted as Agora failing, so that a few slow readers
/// opened the circuit for everyone. A write the server takes at once, as nearly every one is, leaves the bound as it is.
/// </summary>
sealed class ClientPacedBody(Stream inner, AgoraTimeBound bound) : Stream
{
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var write = inner.WriteAsync(buffer, cancellationToken);
        return write.IsCompletedSuccessfully ? write : HeldWhileAwaited(write);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        bound.Hold();
        try
        {
            inner.Write(buffer, offset, count);
        }
        finally
        {
            bound.Release();
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        var flush = inner.FlushAsync(cancellationToken);
        return flush.IsCompletedSuccessfully ? flush : HeldWhileAwaited(new ValueTask(flush)).AsTask();
    }

    /// <summary>The bound stands still from now until the client has taken what <paramref name="pending"/> sends.</summary>
    async ValueTask HeldWhileAwaited(ValueTask pending)
    {
        bound.Hold();
        try
        {
            await pending;
        }
        finally
        {
            bound.Release();
        }
    }

    public override void Flush() => inner.Flush();
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
