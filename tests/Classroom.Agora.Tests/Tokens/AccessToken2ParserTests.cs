using System.Buffers.Binary;
using Classroom.Agora.Tokens;

namespace Classroom.Agora.Tests.Tokens;

public sealed class AccessToken2ParserTests
{
    const string Certificate = "5CFd2fd1755d40ecb72977518be15d3b";
    /// <summary>str(signature) 34 + str(appId) 34 + issueTs, expire, salt 12 + service count 2: the first service's type.</summary>
    const int FirstServiceTypeOffset = 82;
    static readonly string ValidToken = RtmTokenBuilder.Build("970CA35de60c44645bbae8a215061b33", Certificate, "test_user", 1111111, 1, 600);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("007")]
    [InlineData("007!!!! not base64 !!!!")]
    [InlineData("007eJx-_")]
    [InlineData("007AAAAAAAAAAA")]
    public void RefusesGarbageWithAnError(string? token)
    {
        AssertRefused(token);
    }

    [Theory]
    [InlineData("006")]
    [InlineData("008")]
    [InlineData("")]
    public void RefusesAnotherVersionPrefix(string prefix)
    {
        AssertRefused(prefix + ValidToken[3..], "007");
    }

    [Fact]
    public void RefusesBase64ThatIsCutShort()
    {
        AssertRefused(ValidToken[..^5]);
    }

    [Fact]
    public void RefusesZlibDataWithACorruptChecksum()
    {
        var compressed = Convert.FromBase64String(ValidToken[3..]);
        compressed[^1] ^= 0xFF;

        AssertRefused("007" + Convert.ToBase64String(compressed), "zlib");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(20)]
    [InlineData(34)]
    [InlineData(60)]
    [InlineData(FirstServiceTypeOffset + 1)]
    [InlineData(-1)]
    public void RefusesTruncatedContent(int length)
    {
        var content = TokenBytes.Inflate(ValidToken);
        var cut = content[..(length >= 0 ? length : content.Length + length)];

        AssertRefused(TokenBytes.Deflate(cut), "truncated");
    }

    [Fact]
    public void RefusesTrailingBytes()
    {
        AssertRefused(TokenBytes.Deflate([.. TokenBytes.Inflate(ValidToken), 0]), "trailing");
    }

    [Fact]
    public void RefusesContentThatInflatesBeyond64KiB()
    {
        var bomb = TokenBytes.Deflate(new byte[10 * 1024 * 1024]);

        AssertRefused(bomb, "larger");
        Assert.True(bomb.Length < 20_000, $"the bomb is {bomb.Length} characters");
    }

    [Fact]
    public void RefusesATokenTooLongToHoldAnyAcceptableContentBeforeDecodingIt()
    {
        AssertRefused("007" + new string('A', 200_000), "longer");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(99)]
    [InlineData(ushort.MaxValue)]
    public void RefusesAnUnknownServiceType(int type)
    {
        var content = TokenBytes.Inflate(ValidToken);
        BinaryPrimitives.WriteUInt16LittleEndian(content.AsSpan(FirstServiceTypeOffset), (ushort)type);

        AssertRefused(TokenBytes.Deflate(content), $"unknown service type {type}");
    }

    [Fact]
    public void RefusesAUserIdThatIsNotUtf8()
    {
        var content = TokenBytes.Inflate(ValidToken);
        content[^1] = 0xFF;

        AssertRefused(TokenBytes.Deflate(content), "UTF-8");
    }

    [Fact]
    public void ParseThrowsFormatExceptionCarryingTheError()
    {
        var error = Assert.Throws<FormatException>(() => AccessToken2.Parse("garbage"));

        Assert.Contains("007", error.Message);
    }

    [Fact]
    public void ReadsTheRecompressedContentOfAValidToken()
    {
        var recompressed = TokenBytes.Deflate(TokenBytes.Inflate(ValidToken));

        var ok = AccessToken2.TryParse(recompressed, out var parsed, out var error);

        Assert.True(ok, error);
        Assert.Equal("test_user", parsed!.RtmUserId);
        Assert.True(parsed.VerifySignature(Certificate));
    }

    static void AssertRefused(string? token, string? errorMentions = null)
    {
        var ok = AccessToken2.TryParse(token, out var parsed, out var error);

        Assert.False(ok);
        Assert.Null(parsed);
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.Contains(errorMentions ?? "", error, StringComparison.OrdinalIgnoreCase);
    }
}
