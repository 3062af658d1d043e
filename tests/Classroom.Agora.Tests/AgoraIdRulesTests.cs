using Classroom.Agora.Validation;

namespace Classroom.Agora.Tests;

public sealed class AgoraIdRulesTests
{
    [Theory]
    [InlineData("room-1")]
    [InlineData("Room 1")]
    [InlineData("!#$%&()+-:;<=.>?@[]^_{}|~,")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789a")]
    public void AcceptsTheCharactersAgoraAllowsUpTo63Bytes(string id) => Assert.True(AgoraIds.IsValid(id));

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("a/b")]
    [InlineData("quote\"d")]
    [InlineData("star*")]
    [InlineData("back\\slash")]
    [InlineData("tab\t")]
    [InlineData("é")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ab")]
    public void RefusesOtherCharactersEmptyOr64Bytes(string? id) => Assert.False(AgoraIds.IsValid(id));

    [Theory]
    [InlineData("0", 0, true)]
    [InlineData("2", 2, true)]
    [InlineData("-1", 0, false)]
    [InlineData("1.0", 0, false)]
    [InlineData("x", 0, false)]
    public void ParsesStateSegmentsAsPlainIntegers(string segment, int expected, bool parses)
    {
        Assert.Equal(parses, AgoraStates.TryParse(segment, out var state));
        if (parses)
        {
            Assert.Equal(expected, state);
        }
    }

    [Fact]
    public void KnowsTheStateRanges()
    {
        Assert.All([0, 1, 2], s => Assert.True(AgoraStates.IsClassState(s)));
        Assert.False(AgoraStates.IsClassState(3));
        Assert.All([0, 1], s => Assert.True(AgoraStates.IsRecordingCommand(s)));
        Assert.False(AgoraStates.IsRecordingCommand(2));
    }
}
