using System.Buffers;
using System.Text.Json;

namespace Gateway.Forwarding;

/// <summary>
/// The first bytes of a success Agora answered a forwarded call with, read before the answer is passed on: enough of them
/// to tell whether it can be Agora's envelope, a JSON object whose <c>code</c> is 0. Agora writes <c>code</c> before
/// <c>data</c>, so the first few dozen bytes decide, and the read stops there, at the body's end, or at
/// <see cref="MaxBytes"/> (a body whose <c>code</c> comes later is passed on as it is); the answer then streams on from
/// them (<see cref="Replay"/>), so a long list is neither held back nor held in memory. A body that is empty (whether its
/// length said so or not), that is not a JSON object, or an object that ends without a <c>code</c> or carries another, is
/// <see cref="Refusal"/>: passed on, it would tell the client of a success Agora never confirmed, in a body the document's
/// envelope does not describe.
/// </summary>
public sealed class SuccessStart
{
    /// <summary>How much of a success is read before its answer starts, at most: well past where Agora writes <c>code</c>.</summary>
    public const int MaxBytes = 4096;

    static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    static readonly JsonReaderOptions Reading = new() { MaxDepth = AgoraJson.AnswerDepth };

    /// <summary>The bytes read, in a buffer of the shared pool that the replay gives back once it has passed them on.</summary>
    readonly byte[] _read;
    readonly int _length;
    readonly Stream _rest;

    SuccessStart(byte[] read, int length, Stream rest, AgoraRefusal? refusal) => (_read, _length, _rest, Refusal) = (read, length, rest, refusal);

    /// <summary>Why the answer is not passed on, or null when it may be Agora's envelope.</summary>
    public AgoraRefusal? Refusal { get; }

    /// <summary>
    /// A business code and what the client is told: the answer the gateway gives in place of Agora's. AgorasCode: the code
    /// is Agora's own, in its envelope, so Agora answered, as it does with its errors, and is not failing.
    /// </summary>
    public sealed record AgoraRefusal(int Code, string Detail, bool AgorasCode);

    /// <summary>Reads the start of <paramref name="answer"/>'s body, a success.</summary>
    public static async Task<SuccessStart> ReadAsync(HttpResponseMessage answer, CancellationToken cancellationToken)
    {
        var (content, status) = (answer.Content, (int)answer.StatusCode);
        // Read as the headers' text, as the transformer reads them: parsed, they cost every forwarded read objects of their
        // own. A length beside Transfer-Encoding is not the body's, and a chunk as long as it does not end the body.
        var length = !AgoraRequestTransformer.LengthIsNotTheBodys(answer)
            && content.Headers.NonValidated.TryGetValues("Content-Length", out var declared)
            && long.TryParse(declared.ToString(), out var value) ? value : (long?)null;
        ICollection<string> codings = content.Headers.NonValidated.Contains("Content-Encoding") ? content.Headers.ContentEncoding : [];
        var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(MaxBytes);
        var filled = 0;
        Verdict verdict;
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(filled, MaxBytes - filled), cancellationToken);
                filled += read;
                var whole = read == 0 || length == filled;
                verdict = Judge(buffer, filled, whole, codings);
                if (verdict.Decided || whole || filled == MaxBytes)
                {
                    break;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        var refusal = verdict.Code switch
        {
            null when verdict.Decided => new AgoraRefusal(StatusCodes.Status502BadGateway, "Agora's answer was not its envelope.", AgorasCode: false),
            { } code and not 0 => new AgoraRefusal(code, $"Agora answered {status} with code {code}.", AgorasCode: true),
            _ => null,
        };
        if (refusal is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return new SuccessStart([], 0, stream, refusal);
        }
        return new SuccessStart(buffer, filled, stream, null);
    }

    /// <summary>Gives the bytes read back to the shared pool, for an answer that is not passed on.</summary>
    public void Release()
    {
        if (_read.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_read);
        }
    }

    /// <summary>The whole answer, from the bytes read on, in place of <paramref name="content"/>, which it ends with.</summary>
    public HttpContent Replay(HttpContent content) => new StreamContent(new ReplayedBody(_read, _length, _rest, content));

    /// <summary>
    /// Decided: whether the bytes so far settle it; Code: the envelope's <c>code</c> (0 too for an answer passed on as it
    /// is, read or not), null for no envelope.
    /// </summary>
    readonly record struct Verdict(bool Decided, int? Code)
    {
        public static readonly Verdict Open = new(false, 0);
        public static readonly Verdict Unread = new(true, 0);
        public static readonly Verdict NoEnvelope = new(true, null);
    }

    /// <summary>
    /// What the first <paramref name="length"/> bytes tell, undoing the content codings Agora applied for the client; a
    /// coding the gateway does not know, or a start it cannot decode yet, leaves the answer as it is.
    /// </summary>
    static Verdict Judge(byte[] buffer, int length, bool whole, ICollection<string> codings)
    {
        if (codings.Count == 0 || (length == 0 && whole))
        {
            return Judge(buffer.AsSpan(0, length), whole);
        }
        var decodedBuffer = ArrayPool<byte>.Shared.Rent(MaxBytes);
        try
        {
            using var decoded = AgoraRequestTransformer.Decoded(new MemoryStream(buffer, 0, length, writable: false), codings);
            if (decoded is null)
            {
                return Verdict.Unread;
            }
            int total = 0, read;
            while (total < MaxBytes && (read = decoded.Read(decodedBuffer, total, MaxBytes - total)) > 0)
            {
                total += read;
            }
            return Judge(decodedBuffer.AsSpan(0, total), whole && total < MaxBytes);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or InvalidOperationException)
        {
            // Bytes that are not in the coding they were said to be in: no client could read an envelope in them either.
            return whole ? Verdict.NoEnvelope : Verdict.Open;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(decodedBuffer);
        }
    }

    static Verdict Judge(ReadOnlySpan<byte> start, bool whole)
    {
        // A byte order mark, which RFC 8259 lets a reader ignore and every other reader of Agora's answers does (the
        // client's, JsonDocument's), is not the start of the JSON; Utf8JsonReader alone does not skip one.
        if (!whole && start.Length < ByteOrderMark.Length && ByteOrderMark.StartsWith(start))
        {
            return Verdict.Open;
        }
        if (start.StartsWith(ByteOrderMark))
        {
            start = start[ByteOrderMark.Length..];
        }
        var reader = new Utf8JsonReader(start, whole, new JsonReaderState(Reading));
        try
        {
            if (!reader.Read())
            {
                return whole ? Verdict.NoEnvelope : Verdict.Open;
            }
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return Verdict.NoEnvelope;
            }
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    return Verdict.NoEnvelope;
                }
                var isCode = reader.ValueTextEquals("code"u8);
                if (!reader.Read())
                {
                    break;
                }
                if (isCode)
                {
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var code) ? new(true, code) : Verdict.NoEnvelope;
                }
                if (!reader.TrySkip())
                {
                    break;
                }
            }
            return whole ? Verdict.NoEnvelope : Verdict.Open;
        }
        catch (JsonException)
        {
            return Verdict.NoEnvelope;
        }
    }

    /// <summary>
    /// The bytes read first, then the rest of Agora's body as it comes; ending it ends Agora's answer. The pool's buffer
    /// goes back once its bytes are passed on, or when the body ends before that.
    /// </summary>
    sealed class ReplayedBody(byte[] read, int length, Stream rest, HttpContent content) : Stream
    {
        byte[]? _read = read;
        int _position;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _read is not null ? ValueTask.FromResult(TakeRead(buffer.Span)) : rest.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) =>
            _read is not null ? TakeRead(buffer.AsSpan(offset, count)) : rest.Read(buffer, offset, count);

        int TakeRead(Span<byte> buffer)
        {
            var count = Math.Min(buffer.Length, length - _position);
            _read.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            if (_position == length)
            {
                GiveBack();
            }
            return count;
        }

        void GiveBack()
        {
            if (Interlocked.Exchange(ref _read, null) is { } buffer && buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                GiveBack();
                rest.Dispose();
                content.Dispose();
            }
            base.Dispose(disposing);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
