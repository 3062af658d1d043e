using Classroom.Agora.Tokens;
using Microsoft.Extensions.Time.Testing;

namespace Classroom.Agora.Tests.Tokens;

public sealed class RtmTokenBuilderTests
{
    const string AppId = "970CA35de60c44645bbae8a215061b33";
    const string Certificate = "5CFd2fd1755d40ecb72977518be15d3b";
    static readonly AgoraCredentials Credentials = new(AppId, Certificate);

    public static TheoryData<string> NotHex32 =>
    [
        "",
        "970CA35de60c44645bbae8a215061b3",
        "970CA35de60c44645bbae8a215061b33a",
        "970CA35de60c44645bbae8a215061b3g",
        "970CA35de60c44645bbae8a215061b3 ",
        "970CA35de60c44645bbae8a215061b3é",
        "0x0CA35de60c44645bbae8a215061b33",
    ];

    [Theory]
    [MemberData(nameof(NotHex32))]
    public void RefusesAnAppIdThatIsNot32HexDigits(string appId)
    {
        var refusal = Assert.Throws<ArgumentException>(() => RtmTokenBuilder.Build(appId, Certificate, "u", 1, 1, 600));

        Assert.Equal("appId", refusal.ParamName);
        Assert.DoesNotContain(Certificate, refusal.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(NotHex32))]
    public void RefusesACertificateThatIsNot32HexDigitsWithoutRepeatingIt(string certificate)
    {
        var refusals = new[]
        {
            Assert.Throws<ArgumentException>(() => RtmTokenBuilder.Build(AppId, certificate, "u", 1, 1, 600)),
            Assert.Throws<ArgumentException>(() => new AgoraCredentials(AppId, certificate)),
        };

        Assert.All(refusals, refusal => Assert.Equal("appCertificate", refusal.ParamName));
        Assert.All(refusals, refusal => Assert.False(certificate.Length > 0 && refusal.Message.Contains(certificate, StringComparison.OrdinalIgnoreCase)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(59)]
    [InlineData(59.999)]
    [InlineData(60.5)]
    [InlineData(86_400.001)]
    [InlineData(86_401)]
    [InlineData(-600)]
    public void RefusesALifetimeThatIsNotAWholeNumberOfSecondsFrom60To86400(double seconds)
    {
        var builder = new RtmTokenBuilder(TimeProvider.System);

        var refusal = Assert.Throws<ArgumentOutOfRangeException>(() => builder.Build(Credentials, "u", TimeSpan.FromSeconds(seconds)));

        Assert.Equal("lifetime", refusal.ParamName);
        Assert.DoesNotContain(Certificate, refusal.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(59u)]
    [InlineData(86_401u)]
    [InlineData(uint.MaxValue)]
    public void RefusesAPinnedExpireOutside60To86400Seconds(uint expireSeconds)
    {
        var refusal = Assert.Throws<ArgumentOutOfRangeException>(() => RtmTokenBuilder.Build(AppId, Certificate, "u", 1, 1, expireSeconds));

        Assert.Equal("expireSeconds", refusal.ParamName);
    }

    [Theory]
    [InlineData(60u)]
    [InlineData(86_400u)]
    public void AcceptsTheLifetimeBounds(uint expireSeconds)
    {
        var token = RtmTokenBuilder.Build(AppId, Certificate, "u", 1, 1, expireSeconds);

        Assert.Equal(expireSeconds, AccessToken2.Parse(token).Expire);
    }

    public static TheoryData<string> UserIdsOf63Bytes =>
    [
        new string('中', 21),
        new string('a', 59) + "😀",
        new string('a', 61) + "é",
        new string('x', 63),
    ];

    [Theory]
    [MemberData(nameof(UserIdsOf63Bytes))]
    public void AcceptsAUserIdOfExactly63Utf8Bytes(string userId)
    {
        var token = RtmTokenBuilder.Build(AppId, Certificate, userId, 1, 1, 600);

        Assert.Equal(userId, AccessToken2.Parse(token).RtmUserId);
    }

    public static TheoryData<string> UnacceptableUserIds =>
    [
        "",
        new string('中', 21) + "a",
        new string('a', 60) + "😀",
        new string('a', 62) + "é",
        new string('x', 64),
        new string('x', 1000),
        "lone \uD83D surrogate",
    ];

    [Theory]
    [MemberData(nameof(UnacceptableUserIds))]
    public void RefusesAnEmptyUserIdOrOneOf64Utf8BytesOrMore(string userId)
    {
        var builder = new RtmTokenBuilder(TimeProvider.System);

        var refusals = new[]
        {
            Assert.Throws<ArgumentException>(() => RtmTokenBuilder.Build(AppId, Certificate, userId, 1, 1, 600)),
            Assert.Throws<ArgumentException>(() => builder.Build(Credentials, userId, TimeSpan.FromMinutes(10))),
        };

        Assert.All(refusals, refusal => Assert.Equal("userId", refusal.ParamName));
        Assert.All(refusals, refusal => Assert.DoesNotContain(Certificate, refusal.Message, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(100_000_000u)]
    [InlineData(uint.MaxValue)]
    public void RefusesASaltOutside1To99999999(uint salt)
    {
        var builder = new RtmTokenBuilder(TimeProvider.System, () => salt);

        var refusals = new[]
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => RtmTokenBuilder.Build(AppId, Certificate, "u", 1, salt, 600)),
            Assert.Throws<ArgumentOutOfRangeException>(() => builder.Build(Credentials, "u", TimeSpan.FromMinutes(10))),
        };

        Assert.All(refusals, refusal => Assert.Equal("salt", refusal.ParamName));
        Assert.All(refusals, refusal => Assert.DoesNotContain(Certificate, refusal.Message, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void StampsTheTokenWithTheClocksWholeSecondAndTheLifetime()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 30, 15, 750, TimeSpan.Zero));
        var builder = new RtmTokenBuilder(time, () => 4242);

        var minted = builder.Build(Credentials, "student 7 · Zoë", TimeSpan.FromMinutes(10));

        Assert.Equal(new DateTimeOffset(2026, 3, 1, 8, 30, 15, TimeSpan.Zero), minted.IssuedAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 8, 40, 15, TimeSpan.Zero), minted.ExpiresAt);
        Assert.Equal("student 7 · Zoë", minted.UserId);
    }

    [Fact]
    public void BuildsATokenThatParsesBackToWhatWasAskedFor()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 30, 15, TimeSpan.Zero));
        var builder = new RtmTokenBuilder(time, () => 4242);
        time.Advance(TimeSpan.FromHours(2));

        var minted = builder.Build(Credentials, "student 7 · Zoë", TimeSpan.FromSeconds(3600));
        var parsed = AccessToken2.Parse(minted.Token);

        Assert.Equal(AppId, parsed.AppId);
        Assert.Equal((uint)new DateTimeOffset(2026, 3, 1, 10, 30, 15, TimeSpan.Zero).ToUnixTimeSeconds(), parsed.IssueTs);
        Assert.Equal(3600u, parsed.Expire);
        Assert.Equal(4242u, parsed.Salt);
        Assert.Equal(minted.IssuedAt, parsed.IssuedAt);
        Assert.Equal(minted.ExpiresAt, parsed.ExpiresAt);
        Assert.Equal("student 7 · Zoë", parsed.RtmUserId);
        Assert.Equal(3600u, parsed.Services.OfType<RtmService>().Single().Privileges[RtmService.LoginPrivilege]);
        Assert.True(parsed.VerifySignature(Certificate));
    }

    [Fact]
    public void DrawsAFreshSaltInRangeForEachTokenByDefault()
    {
        var builder = new RtmTokenBuilder(new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20_000)));

        var salts = Enumerable.Range(0, 50)
            .Select(_ => AccessToken2.Parse(builder.Build(Credentials, "u", TimeSpan.FromMinutes(1)).Token).Salt)
            .ToList();

        Assert.All(salts, salt => Assert.InRange(salt, 1u, RtmTokenBuilder.MaxSalt));
        Assert.True(salts.Distinct().Count() > 45, $"salts repeat: {string.Join(", ", salts)}");
    }
}
