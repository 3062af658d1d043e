using System.Text;
using System.Text.Json;
using Classroom.Agora.Models;
using Gateway.Events;
using Gateway.Tests.Support;

namespace Gateway.Tests.Events;

/// <summary>
/// <see cref="PollAnswer"/> reads an answer as it arrives, in whatever pieces the connection gives: every piece size
/// gives what the serializer reads of the whole answer, and the budget drops the data of the events past it, whatever
/// the pieces.
/// </summary>
public sealed class PollAnswerTests
{
    const string Answer = """
        {"msg":"Success","note":{"data":[1,{"x":"}"}]},"code":0,"data":[
          {"roomUuid":"r-1","cmd":3,"sequence":1,"version":1,"data":{"message":"a \"quoted\" } ] text \u00e9","nested":[[{}],[]]}},
          {"data":"just a string","roomUuid":"r-2","cmd":1,"sequence":2,"version":2},
          {"roomUuid":"r-3","extra":{"data":{"deep":true}},"cmd":20,"sequence":3,"version":1,"data":null},
          {"roomUuid":"r-4","cmd":5,"sequence":4,"version":1},
          {"roomUuid":"r-5","cmd":5,"sequence":5,"version":1,"data":[1,2.5,true,false,null,"data"],"after":{"data":1}}
        ],"ts":17}
        """;

    public static TheoryData<int> PieceSizes => [1, 2, 7, 64, 4096];

    [Theory]
    [MemberData(nameof(PieceSizes))]
    public async Task EveryPieceSizeReadsWhatTheSerializerReadsOfTheWhole(int pieceSize)
    {
        var whole = JsonSerializer.Deserialize<AgoraEnvelope<List<AgoraEvent>>>(Answer, AgoraJson.Answers)!;

        var read = await PollAnswer.ReadAsync(new TricklingStream(Answer, pieceSize).ReaderOf(), 1024 * 1024);

        Assert.Equal(whole.Code, read.Code);
        Assert.Equal(whole.Data!.Select(Describe), read.Events.Select(Describe));
        Assert.Empty(read.Dropped);
    }

    [Theory]
    [MemberData(nameof(PieceSizes))]
    public async Task TheDataPastTheBudgetIsDroppedInTheOrderTheEventsCameWhateverThePieces(int pieceSize)
    {
        static string Event(string room, string data) => $$"""{"roomUuid":"{{room}}","cmd":5,"sequence":9,"data":{{data}},"version":1}""";
        var (forty, thirty, seventy) = ($"\"{new string('a', 38)}\"", $"\"{new string('b', 28)}\"", $"{{\"k\":[\"{new string('c', 60)}\"]}}");
        var answer = $$"""{"code":0,"data":[{{Event("r-1", forty)}},{{Event("r-2", seventy)}},{{Event("r-3", thirty)}},{{Event("r-4", forty)}},{{Event("r-5", "1")}}]}""";

        var read = await PollAnswer.ReadAsync(new TricklingStream(answer, pieceSize).ReaderOf(), 100);

        Assert.Equal([forty, "null", thirty, "null", "1"], read.Events.Select(e => e.Data.GetRawText()));
        Assert.Equal(["r-1", "r-2", "r-3", "r-4", "r-5"], read.Events.Select(e => e.RoomUuid));
        Assert.Equal([("r-2", 70L), ("r-4", 40L)], read.Dropped.Select(d => (d.Event.RoomUuid, d.Bytes)));
    }

    [Theory]
    [InlineData("""{"code":30403100,"msg":"no","ts":1}""", 30403100, 0)]
    [InlineData("""{"code":0,"msg":"Success","ts":1,"data":null}""", 0, 0)]
    [InlineData("""{"code":0,"msg":"Success","ts":1,"data":[]}""", 0, 0)]
    public async Task AnAnswerWithoutEventsReadsItsCode(string answer, int code, int events)
    {
        var read = await PollAnswer.ReadAsync(new TricklingStream(answer, 3).ReaderOf(), 1024);

        Assert.Equal((code, events), (read.Code, read.Events.Count));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("""{"code":0,"data":{"list":[]}}""")]
    [InlineData("""{"code":0,"data":[{"roomUuid":"r","cmd":1,"sequence":1,"version":1,"data":{}}""")]
    [InlineData("""{"code":0,"data":[]} trailing""")]
    public async Task AnAnswerThatIsNotAnEnvelopeOfEventsFails(string answer) =>
        await Assert.ThrowsAnyAsync<JsonException>(() => PollAnswer.ReadAsync(new TricklingStream(answer, 5).ReaderOf(), 1024));

    /// <summary>An item of the list that is no event (a null, a number, a text, a list) is left out alone, read in any pieces.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(64)]
    public async Task AnItemOfTheListThatIsNoEventIsLeftOutAlone(int pieceSize)
    {
        var answer = """{"code":0,"data":[{"roomUuid":"a","cmd":1,"sequence":1,"version":1,"data":{}},null,1,"x",[{"roomUuid":"b","cmd":1,"sequence":1,"version":1,"data":{}},[2]],{"roomUuid":"c","cmd":1,"sequence":1,"version":1,"data":[3]}]}""";

        var read = await PollAnswer.ReadAsync(new TricklingStream(answer, pieceSize).ReaderOf(), 1024);

        Assert.Equal(["a 1 1 1 {}", "c 1 1 1 [3]"], read.Events.Select(Describe));
        Assert.Equal(4, read.Unreadable.Count);
    }

    /// <summary>
    /// An event left out holds none of the budget: the data of the events after it are kept as if it had not come, whatever
    /// the pieces.
    /// </summary>
    [Theory]
    [MemberData(nameof(PieceSizes))]
    public async Task AnEventLeftOutLeavesItsDataBudgetToTheEventsAfterIt(int pieceSize)
    {
        var (sixty, fifty) = ($"\"{new string('a', 58)}\"", $"\"{new string('b', 48)}\"");
        var answer = $$"""{"code":0,"data":[{"roomUuid":"r-1","cmd":"five","sequence":1,"version":1,"data":{{sixty}}},{"roomUuid":"r-2","cmd":5,"sequence":2,"version":1,"data":{{fifty}}}]}""";

        var read = await PollAnswer.ReadAsync(new TricklingStream(answer, pieceSize).ReaderOf(), 100);

        Assert.Equal([fifty], read.Events.Select(e => e.Data.GetRawText()));
        Assert.Single(read.Unreadable);
        Assert.Empty(read.Dropped);
    }

    /// <summary>
    /// Of many items left out, the first reasons are kept and the rest only counted: an answer of a million <c>null</c>s
    /// would otherwise be a million strings held and a million lines logged.
    /// </summary>
    [Fact]
    public async Task OfManyItemsLeftOutTheFirstReasonsAreKeptAndTheRestCounted()
    {
        var answer = """{"code":0,"data":[""" + string.Join(",", Enumerable.Repeat("null", 1000))
            + """,{"roomUuid":"a","cmd":1,"sequence":1,"version":1,"data":{}}]}""";

        var read = await PollAnswer.ReadAsync(new TricklingStream(answer, 64).ReaderOf(), 1024);

        Assert.Equal(["a 1 1 1 {}"], read.Events.Select(Describe));
        Assert.Equal(PollAnswer.MostUnreadableKept, read.Unreadable.Count);
        Assert.Equal(1000 - PollAnswer.MostUnreadableKept, read.MoreUnreadable);
    }

    [Fact]
    public async Task AValuePastTheBudgetFailsTheReadWithoutReadingFurther()
    {
        var stream = new TricklingStream($$"""{"code":0,"data":[{"roomUuid":"{{new string('r', 20_000)}}","cmd":1,"sequence":1,"version":1}]}""", 512);

        await Assert.ThrowsAsync<PollAnswer.TooLargeException>(() => PollAnswer.ReadAsync(stream.ReaderOf(), 4096));
        Assert.True(stream.Position < 20_000, $"read {stream.Position} bytes");
    }

    [Fact]
    public async Task AnEventsOtherFieldsPastTheBudgetFailTheRead()
    {
        var fields = string.Join(",", Enumerable.Range(0, 200).Select(i => $"\"f{i}\":\"{new string('x', 40)}\""));

        await Assert.ThrowsAsync<PollAnswer.TooLargeException>(() => PollAnswer.ReadAsync(new TricklingStream($$"""{"code":0,"data":[{"roomUuid":"r","cmd":1,"sequence":1,"version":1,{{fields}}}]}""", 64).ReaderOf(), 4096));
    }

    static string Describe(AgoraEvent e) => $"{e.RoomUuid} {e.Cmd} {e.Sequence} {e.Version} {(e.Data.ValueKind == JsonValueKind.Undefined ? "(none)" : e.Data.GetRawText())}";

    /// <summary>A body that arrives at most <paramref name="pieceSize"/> bytes at a time.</summary>
    sealed class TricklingStream(string text, int pieceSize) : MemoryStream(Encoding.UTF8.GetBytes(text))
    {
        public Func<Memory<byte>, ValueTask<int>> ReaderOf() => buffer => ReadAsync(buffer[..Math.Min(buffer.Length, pieceSize)], Json.Cancel);
    }
}
