using System.Text;
using Classroom.Agora.Validation;

namespace Classroom.Agora.Tests;

/// <summary>
/// How deep a sound body may nest: <see cref="SoundJson.MaxDepth"/> levels of objects and arrays, and no more; and that
/// no object of it names a member twice.
/// </summary>
public sealed class SoundJsonTests
{
    /// <summary>A body whose objects and arrays, taking turns, nest <paramref name="levels"/> deep.</summary>
    static byte[] Nested(int levels)
    {
        var open = new StringBuilder();
        var close = new StringBuilder();
        for (var level = 0; level < levels; level++)
        {
            open.Append(level % 2 == 0 ? "{\"a\":" : "[");
            close.Insert(0, level % 2 == 0 ? "}" : "]");
        }
        return Encoding.UTF8.GetBytes(open + "1" + close);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(SoundJson.MaxDepth, true)]
    [InlineData(SoundJson.MaxDepth + 1, false)]
    public void NestingIsSoundUpToSixtyFourLevels(int levels, bool sound) => Assert.Equal(sound, SoundJson.IsSound(Nested(levels)));

    [Theory]
    [InlineData("""{"a":1,"a":2}""", "a")]
    [InlineData("""{"a":1,"\u0061":2}""", "a")]
    [InlineData("""{"roomName":"A","extra":{"b":{"c":1,"c":1}}}""", "extra.b.c")]
    [InlineData("""{"list":[{"x":1},{"y":[3,{"z":1,"z":2}]}]}""", "list[1].y[1].z")]
    [InlineData("""{"a":1,"A":2}""", null)]
    [InlineData("""{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]}""", null)]
    [InlineData("""[{"a":1},{"a":1}]""", null)]
    public void AMemberNamedTwiceInOneObjectIsFoundByItsPath(string body, string? path) =>
        Assert.Equal(path, SoundJson.NamedTwice(Encoding.UTF8.GetBytes(body)));

    /// <summary>The objects at one depth share a set for their names, emptied or replaced for each: none sees another's.</summary>
    [Theory]
    [InlineData(3)]
    [InlineData(200)]
    public void AnObjectAfterAnotherAtItsDepthIsJudgedByItsOwnNames(int namesBefore)
    {
        var before = "{" + string.Join(",", Enumerable.Range(0, namesBefore).Select(i => $"\"k{i}\":{i}")) + "}";

        Assert.Null(SoundJson.NamedTwice(Encoding.UTF8.GetBytes($$"""[{{before}},{"k0":1,"k1":2},{"k1":1}]""")));
        Assert.Equal("[2].k1", SoundJson.NamedTwice(Encoding.UTF8.GetBytes($$"""[{{before}},{"k0":1},{"k1":1,"k1":2}]""")));
    }
}
