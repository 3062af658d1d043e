using System.Buffers;
using System.Buffers.Binary;
using StackExchange.Redis;

namespace Gateway.Redis;

/// <summary>
/// One log's appends kept to be made again after a failover (<see cref="AppendsAfterFailover"/>), oldest first. Their
/// values are copied, as the bytes Redis is sent, into one ring made once at the log's budget, so a kept append is
/// overwritten rather than collected: appends held as objects of their own for up to a minute outlive the collector's
/// young generations and leave their garbage in its oldest one, some 10 MB under a load of joins. Not thread-safe.
/// </summary>
public sealed class KeptAppends(RedisKey key, int capacity)
{
    /// <summary>An append kept: its values' bytes in the ring, each a length (-1 for none) and then the bytes.</summary>
    record struct Held(long At, int Start, int Length, int Values, string Script, RedisKey[] Keys, string? RunId);

    /// <summary>A kept append to be made again, its values copied out of the ring.</summary>
    public sealed record Copy(long Number, string Script, RedisKey[] Keys, RedisValue[] Values);

    readonly byte[] _ring = GC.AllocateUninitializedArray<byte>(capacity);
    Held[] _held = new Held[16];
    int _first, _count, _tail, _used;

    /// <summary>The number of the oldest append kept: each append has the next number, for as long as it is kept.</summary>
    long _firstNumber;

    /// <summary>The key whose primary takes the log's appends.</summary>
    public RedisKey Key { get; } = key;

    public int Count => _count;

    public int Capacity => _ring.Length;

    public int Free => _ring.Length - _used;

    /// <summary>When the oldest kept append was made, in <see cref="Environment.TickCount64"/>.</summary>
    public long? OldestAt => _count > 0 ? _held[_first].At : null;

    /// <summary>When the log last said that it forgot appends before their time.</summary>
    public long? BudgetWarnedAt { get; set; }

    /// <summary>The bytes <paramref name="values"/> take in the ring.</summary>
    public static int SizeOf(IReadOnlyList<RedisValue> values)
    {
        var size = 0;
        foreach (var value in values)
        {
            size += sizeof(int) + (value.IsNull ? 0 : value.GetByteCount());
        }
        return size;
    }

    /// <summary>
    /// Keeps an append whose values take <paramref name="size"/> bytes (<see cref="SizeOf"/>), no more than are
    /// <see cref="Free"/>. Its keys and process are shared with the append before it when alike.
    /// </summary>
    public void Add(long at, string script, RedisKey[] keys, IReadOnlyList<RedisValue> values, int size, string? runId)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Free);
        if (_count == _held.Length)
        {
            Grow();
        }
        if (_count > 0 && Newest is var before)
        {
            keys = before.Keys.AsSpan().SequenceEqual(keys) ? before.Keys : keys;
            runId = before.RunId == runId ? before.RunId : runId;
        }
        var start = _tail;
        Span<byte> length = stackalloc byte[sizeof(int)];
        foreach (var value in values)
        {
            var bytes = value.IsNull ? -1 : value.GetByteCount();
            BinaryPrimitives.WriteInt32LittleEndian(length, bytes);
            _tail = Write(_tail, length);
            _tail = Write(_tail, value, bytes);
        }
        _held[(_first + _count) % _held.Length] = new Held(at, start, size, values.Count, script, keys, runId);
        _count++;
        _used += size;
    }

    public void RemoveOldest()
    {
        ref var oldest = ref _held[_first];
        _used -= oldest.Length;
        oldest = default;
        _first = (_first + 1) % _held.Length;
        _count--;
        _firstNumber++;
        if (_count == 0)
        {
            _tail = 0;
        }
    }

    /// <summary>Copies out the kept appends another process than <paramref name="serving"/> took, oldest first.</summary>
    public List<Copy> NotTakenBy(string? serving)
    {
        var copies = new List<Copy>();
        for (var i = 0; i < _count; i++)
        {
            var held = At(i);
            if (held.RunId != serving)
            {
                copies.Add(new Copy(_firstNumber + i, held.Script, held.Keys, Read(held)));
            }
        }
        return copies;
    }

    /// <summary>Notes the process that took the append <paramref name="number"/> when it was made again, if still kept.</summary>
    public void TakenBy(long number, string? runId)
    {
        if (number - _firstNumber is var index && index >= 0 && index < _count)
        {
            At((int)index).RunId = runId;
        }
    }

    Held Newest => At(_count - 1);

    ref Held At(int index) => ref _held[(_first + index) % _held.Length];

    void Grow()
    {
        var grown = new Held[_held.Length * 2];
        for (var i = 0; i < _count; i++)
        {
            grown[i] = At(i);
        }
        (_held, _first) = (grown, 0);
    }

    RedisValue[] Read(Held held)
    {
        var values = new RedisValue[held.Values];
        var position = held.Start;
        Span<byte> length = stackalloc byte[sizeof(int)];
        for (var i = 0; i < values.Length; i++)
        {
            position = Read(position, length);
            if (BinaryPrimitives.ReadInt32LittleEndian(length) is var bytes and >= 0)
            {
                var value = new byte[bytes];
                position = Read(position, value);
                values[i] = value;
            }
        }
        return values;
    }

    /// <summary>
    /// Writes <paramref name="value"/>'s <paramref name="bytes"/> bytes (none for a null, -1) at <paramref name="position"/>,
    /// on past the ring's end to its start.
    /// </summary>
    int Write(int position, RedisValue value, int bytes)
    {
        if (bytes <= 0)
        {
            return position;
        }
        if (position + bytes <= _ring.Length)
        {
            value.CopyTo(_ring.AsSpan(position, bytes));
            return (position + bytes) % _ring.Length;
        }
        var scratch = ArrayPool<byte>.Shared.Rent(bytes);
        try
        {
            return Write(position, scratch.AsSpan(0, value.CopyTo(scratch)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    int Write(int position, ReadOnlySpan<byte> bytes)
    {
        var first = Math.Min(bytes.Length, _ring.Length - position);
        bytes[..first].CopyTo(_ring.AsSpan(position));
        bytes[first..].CopyTo(_ring);
        return (position + bytes.Length) % _ring.Length;
    }

    int Read(int position, Span<byte> into)
    {
        var first = Math.Min(into.Length, _ring.Length - position);
        _ring.AsSpan(position, first).CopyTo(into);
        _ring.AsSpan(0, into.Length - first).CopyTo(into[first..]);
        return (position + into.Length) % _ring.Length;
    }
}
