using System.Buffers;
using System.Text.Json;

namespace Gateway.Events;

/// <summary>
/// Agora's answer to a poll of its event queue, <c>{"code":0,…,"data":[event, …]}</c>, read as it arrives. Every event of
/// the batch is kept, as the queue hands each out once; the events' <c>data</c> are kept up to a budget for the batch, in
/// the order they came, and an event whose <c>data</c> does not fit is kept with <c>data</c> null. So however large the
/// answer, the gateway holds at most the budget, the fields of one event and one JSON value (at most the budget too; a
/// value past it fails the read, <see cref="TooLargeException"/>). A deletion of a room's properties carries every value
/// it removed, so one event may be far larger than any request body: read whole, it failed the poll after its batch had
/// left Agora's queue.
/// </summary>
public static class PollAnswer
{
    /// <summary>
    /// What the answer held: its business code (0 when it gives none) and its events, with those whose data was dropped,
    /// and why each event that could not be read as one (a field not of its type: a <c>cmd</c> null, a <c>sequence</c> that
    /// is no number), and each item of the list that is no event at all (a <c>null</c>, a number, a list), was left out:
    /// the first <see cref="MostUnreadableKept"/> of them, and how many more there were (<paramref name="MoreUnreadable"/>).
    /// </summary>
    public sealed record Read(int Code, List<AgoraEvent> Events, List<DroppedData> Dropped, List<string> Unreadable, int MoreUnreadable);

    /// <summary>
    /// The most reasons a read keeps of what it left out: an answer of megabytes of <c>null</c>s holds a million items, whose
    /// reasons would be as many strings held and as many lines logged.
    /// </summary>
    public const int MostUnreadableKept = 10;

    /// <summary>An event kept without its <c>data</c>, which was <paramref name="Bytes"/> long.</summary>
    public readonly record struct DroppedData(AgoraEvent Event, long Bytes);

    /// <summary>A single value of the answer (a string, a number) larger than the budget: no batch of Agora's holds one.</summary>
    public sealed class TooLargeException(int budget) : Exception($"a value larger than the gateway reads ({budget / (1024 * 1024)} MiB)");

    const int FirstBufferBytes = 16 * 1024;

    /// <summary>The answer, from <paramref name="readAsync"/>, which fills the buffer it is given with the next bytes (none at the end).</summary>
    public static async Task<Read> ReadAsync(Func<Memory<byte>, ValueTask<int>> readAsync, int budget)
    {
        var reading = new Reading(budget);
        var buffer = ArrayPool<byte>.Shared.Rent(FirstBufferBytes);
        try
        {
            var filled = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    // One token fills the buffer: it is read whole or not at all.
                    if (buffer.Length >= budget)
                    {
                        throw new TooLargeException(budget);
                    }
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(2 * buffer.Length, budget));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await readAsync(buffer.AsMemory(filled));
                filled += read;
                var consumed = reading.Take(buffer.AsSpan(0, filled), isFinal: read == 0);
                if (read == 0)
                {
                    return reading.Result();
                }
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Where the read stands between chunks. Depths are the reader's: the envelope's fields at 1, its events at 2, an
    /// event's fields (and the first token of each field's value) at 3.
    /// </summary>
    sealed class Reading(int budget)
    {
        const int EnvelopeField = 1, Event = 2, EventField = 3;

        static readonly JsonReaderOptions Options = new() { MaxDepth = AgoraJson.AnswerDepth };

        JsonReaderState _state = new(Options);
        readonly List<AgoraEvent> _events = [];
        readonly List<DroppedData> _dropped = [];
        readonly List<string> _unreadable = [];
        int _moreUnreadable;
        readonly MemoryStream _event = new();
        int _code;
        long _left = budget;

        // The answer's offset of the chunk being read, and how much of the chunk the event's copy has taken.
        long _chunkStart;
        int _copiedTo;

        string? _envelopeField;
        bool _inEvents, _inEvent, _nextIsData, _inData, _droppingData;
        long _dataStart, _dataCopyStart, _droppedBytes;

        // How much of the budget the event being read took for its data: given back when the event is left out.
        long _takenByEvent;

        public Read Result() => new(_code, _events, _dropped, _unreadable, _moreUnreadable);

        void LeftOut(string reason)
        {
            if (_unreadable.Count < MostUnreadableKept)
            {
                _unreadable.Add(reason);
            }
            else
            {
                _moreUnreadable++;
            }
        }

        /// <summary>Reads every whole token of <paramref name="chunk"/> and answers how many bytes it took.</summary>
        public int Take(ReadOnlySpan<byte> chunk, bool isFinal)
        {
            var reader = new Utf8JsonReader(chunk, isFinal, _state);
            _copiedTo = 0;
            while (reader.Read())
            {
                switch (reader.CurrentDepth)
                {
                    case 0 when reader.TokenType is JsonTokenType.StartObject or JsonTokenType.EndObject:
                        break;
                    case 0:
                        throw new JsonException("Agora's answer is no envelope.");
                    case EnvelopeField:
                        OnEnvelopeToken(ref reader);
                        break;
                    case Event when _inEvents:
                        OnEventToken(ref reader, chunk);
                        break;
                    case >= EventField when _inEvent:
                        OnEventFieldToken(ref reader, chunk);
                        break;
                }
            }
            var consumed = (int)reader.BytesConsumed;
            if (_inEvent && !_droppingData)
            {
                Copy(chunk, consumed);
                if (_inData && _event.Length - _dataCopyStart > _left)
                {
                    // Past the budget before its end: no more of it is held.
                    _event.SetLength(_dataCopyStart);
                    _droppingData = true;
                }
                CheckEventSize();
            }
            _state = reader.CurrentState;
            _chunkStart += consumed;
            return consumed;
        }

        void OnEnvelopeToken(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    _envelopeField = reader.GetString();
                    return;
                case JsonTokenType.EndArray or JsonTokenType.EndObject:
                    _inEvents = false;
                    return;
            }
            switch (_envelopeField)
            {
                case "code" when reader.TokenType == JsonTokenType.Number:
                    _code = reader.GetInt32();
                    break;
                case "data" when reader.TokenType == JsonTokenType.StartArray:
                    _inEvents = true;
                    break;
                case "data" when reader.TokenType != JsonTokenType.Null:
                    throw new JsonException("Agora's answer has no list of events.");
            }
            _envelopeField = null;
        }

        void OnEventToken(ref Utf8JsonReader reader, ReadOnlySpan<byte> chunk)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                _inEvent = true;
                _event.SetLength(0);
                _takenByEvent = 0;
                _copiedTo = (int)reader.TokenStartIndex;
                return;
            }
            if (reader.TokenType is JsonTokenType.EndArray)
            {
                return; // the end of an item that was no event, told when it started
            }
            if (reader.TokenType != JsonTokenType.EndObject)
            {
                // This item alone (a null, a number, a list): the events of the batch beside it, handed out with it, are kept.
                LeftOut($"the list holds a {reader.TokenType} where an event was expected");
                return;
            }
            Copy(chunk, (int)reader.BytesConsumed);
            CheckEventSize();
            _inEvent = false;
            var dropped = _droppedBytes;
            _droppedBytes = 0;
            AgoraEvent polled;
            try
            {
                polled = JsonSerializer.Deserialize<AgoraEvent>(_event.GetBuffer().AsSpan(0, (int)_event.Length), AgoraJson.Answers)!;
            }
            catch (JsonException e)
            {
                // This event alone: the others of the batch, which Agora handed out with it, are kept, its data's budget
                // theirs.
                LeftOut(e.Message);
                _left += _takenByEvent;
                return;
            }
            _events.Add(polled);
            if (dropped > 0)
            {
                _dropped.Add(new DroppedData(polled, dropped));
            }
        }

        void OnEventFieldToken(ref Utf8JsonReader reader, ReadOnlySpan<byte> chunk)
        {
            if (reader.CurrentDepth == EventField && reader.TokenType == JsonTokenType.PropertyName)
            {
                _nextIsData = reader.ValueTextEquals("data"u8);
                return;
            }
            if (_nextIsData)
            {
                // The data's first token: what came before it in the event is copied, the data is measured from here.
                _nextIsData = false;
                Copy(chunk, (int)reader.TokenStartIndex);
                _inData = true;
                _dataStart = _chunkStart + reader.TokenStartIndex;
                _dataCopyStart = _event.Length;
            }
            var dataEnds = _inData && reader.CurrentDepth == EventField
                && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray);
            if (!dataEnds)
            {
                return;
            }
            var end = (int)reader.BytesConsumed;
            var length = _chunkStart + end - _dataStart;
            if (_droppingData || length > _left)
            {
                _event.SetLength(_dataCopyStart);
                _event.Write("null"u8);
                _droppedBytes = length;
                _copiedTo = end;
            }
            else
            {
                Copy(chunk, end);
                _left -= length;
                _takenByEvent += length;
            }
            _inData = _droppingData = false;
        }

        /// <summary>Adds the chunk's bytes up to <paramref name="end"/> to the event's copy.</summary>
        void Copy(ReadOnlySpan<byte> chunk, int end)
        {
            _event.Write(chunk[_copiedTo..end]);
            _copiedTo = end;
        }

        /// <summary>The event's copy holds at most the budget of data: the rest of an event is never larger.</summary>
        void CheckEventSize()
        {
            if (_event.Length > 2L * budget)
            {
                throw new TooLargeException(budget);
            }
        }
    }
}
