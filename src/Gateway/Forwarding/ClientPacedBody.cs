using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Forwarding;

/// <summary>
/// The client's answer body as the forwarder writes Agora's answer into it: while a write waits for the client to take
/// it, Agora's <see cref="AgoraTimeBound"/> stands still. A client reading slowly is the client's time, not Agora's: counted
/// in the bound, it cut off an answer Agora had given in time and was counted as Agora failing, so that a few slow readers
/// opened the circuit for everyone. A write the server takes at once, as nearly every one is, leaves the bound as it is.
/// </summary>
sealed class ClientPacedBody(Stream inner, AgoraTimeBound bound) : WriteOnlyStream(inner)
{
    /// <summary>
    /// The server's own answer body, with <see cref="ClientPacedBody"/> as its stream: the rest is the server's as it was,
    /// where setting <c>Response.Body</c> would put the framework's stream adapter, which flushes on its own, between them.
    /// </summary>
    public sealed class Feature(IHttpResponseBodyFeature server, AgoraTimeBound bound) : IHttpResponseBodyFeature
    {
        public IHttpResponseBodyFeature Server => server;
        public Stream Stream { get; } = new ClientPacedBody(server.Stream, bound);
        public PipeWriter Writer => server.Writer;
        public void DisableBuffering() => server.DisableBuffering();
        public Task StartAsync(CancellationToken cancellationToken = default) => server.StartAsync(cancellationToken);
        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
            server.SendFileAsync(path, offset, count, cancellationToken);
        public Task CompleteAsync() => server.CompleteAsync();
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var write = Inner.WriteAsync(buffer, cancellationToken);
        return write.IsCompletedSuccessfully ? write : HeldWhileAwaited(write);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        bound.Hold();
        try
        {
            Inner.Write(buffer, offset, count);
        }
        finally
        {
            bound.Release();
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        var flush = Inner.FlushAsync(cancellationToken);
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
}
