namespace Gateway.Forwarding;

/// <summary>A stream over a client's answer body that passes on what is written to it, and is never read or sought.</summary>
abstract class WriteOnlyStream(Stream inner) : Stream
{
    /// <summary>The stream written to.</summary>
    protected Stream Inner { get; } = inner;

    public override Task FlushAsync(CancellationToken cancellationToken) => Inner.FlushAsync(cancellationToken);
    public override void Flush() => Inner.Flush();
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
