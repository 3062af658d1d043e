namespace Gateway.Forwarding;

/// <summary>
/// The client's answer body as the forwarder writes Agora's answer into it: while a write waits for the client to take
/// it, Agora's <see cref="AgoraTimeBound"/> stands still. A client reading slowly is the client's time, not Agora's: counted
/// in the bound, it cut off an answer Agora had given in time and was counted as Agora failing, so that a few slow readers
/// opened the circuit for everyone.
/// </summary>
sealed class ClientPacedBody(Stream inner, AgoraTimeBound bound) : Stream
{
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        bound.Hold();
        try
        {
            await inner.WriteAsync(buffer, cancellationToken);
        }
        finally
        {
            bound.Release();
        }
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

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        bound.Hold();
        try
        {
            await inner.FlushAsync(cancellationToken);
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
