using System.Text;
using Gateway.Redis;
using StackExchange.Redis;

namespace Gateway.Tests.Redis;

/// <summary>One log's kept appends in their ring of bytes: what is made again is what was sent, however the ring turned.</summary>
public sealed class KeptAppendsTests
{
    const string Script = "return 1";

    [Fact]
    public void EachAppendComesBackAsTheBytesSentThoughItsValuesWrapPastTheRingsEnd()
    {
        var kept = new KeptAppends("log", 100);
        var random = new Random(7);
        var expected = new Queue<byte[][]>();
        for (var i = 0; i < 200; i++)
        {
            RedisValue[] values = [i, new string('é', random.Next(0, 12)), RedisValue.Null, $"{i}-{new string('x', random.Next(0, 30))}"];
            var size = KeptAppends.SizeOf(values);
            while (kept.Free < size)
            {
                kept.RemoveOldest();
                expected.Dequeue();
            }
            kept.Add(i, Script, ["log"], values, size, "process");
            expected.Enqueue([.. values.Select(value => value.IsNull ? [] : Encoding.UTF8.GetBytes(value.ToString()))]);

            var copies = kept.NotTakenBy("another");
            Assert.Equal(expected.Count, copies.Count);
            Assert.Equal(expected, copies.Select(copy => copy.Values.Select(value => value.IsNull ? [] : (byte[])value!).ToArray()));
            Assert.True(copies.All(copy => copy.Values[2].IsNull));
        }
    }

    [Fact]
    public void EachValueTakesItsBytesAndItsLengthUntilItsAppendIsForgotten()
    {
        var kept = new KeptAppends("log", 64);
        RedisValue[] values = ["abc", 12345, RedisValue.Null, "ü"];

        var size = KeptAppends.SizeOf(values);
        kept.Add(1, Script, ["log"], values, size, null);
        kept.Add(2, Script, ["log"], values, size, null);

        Assert.Equal(4 * sizeof(int) + 3 + 5 + 0 + 2, size);
        Assert.Equal(64 - 2 * size, kept.Free);
        Assert.Equal(1, kept.OldestAt);
        Assert.Throws<ArgumentOutOfRangeException>(() => kept.Add(3, Script, ["log"], values, size, null));
        kept.RemoveOldest();
        Assert.Equal(64 - size, kept.Free);
        Assert.Equal(2, kept.OldestAt);
        kept.RemoveOldest();
        Assert.Equal((0, 64, (long?)null), (kept.Count, kept.Free, kept.OldestAt));
    }

    [Fact]
    public void AnAppendMadeAgainIsNotedAgainstItsOwnNumberWhileTheOlderAreForgotten()
    {
        var kept = new KeptAppends("log", 1024);
        for (var i = 0; i < 5; i++)
        {
            RedisValue[] values = [i];
            kept.Add(i, Script, ["log"], values, KeptAppends.SizeOf(values), "old");
        }
        var moved = kept.NotTakenBy("new");
        kept.RemoveOldest();
        kept.RemoveOldest();

        kept.TakenBy(moved[3].Number, "new");
        kept.TakenBy(moved[0].Number, "new");

        Assert.Equal(["2", "4"], kept.NotTakenBy("new").Select(copy => (string)copy.Values[0]!));
        Assert.Equal(["3"], kept.NotTakenBy("old").Select(copy => (string)copy.Values[0]!));
    }
}
