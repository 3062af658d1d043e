using System.Text;
using Classroom.Agora.Validation;

namespace Classroom.Agora.Tests;

/// <summary>How deep a sound body may nest: <see cref="SoundJson.MaxDepth"/> levels of objects and arrays, and no more.</summary>
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
}
