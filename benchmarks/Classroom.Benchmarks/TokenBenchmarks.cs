using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Classroom.Agora;
using Classroom.Agora.Tokens;

namespace Classroom.Benchmarks;

/// <summary>
/// Minting and checking tokens. The RTM inputs match benchmarks/node/mint-bench.js, which times agora-token's
/// RtmTokenBuilder.buildToken: it reads the clock and draws a salt, as <see cref="Mint"/> does. The room-user
/// benchmarks set the shipped encoding (one stored deflate block) beside the platform's <c>ZLibStream</c>, in the same run.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(TokensPerSecond))]
public class TokenBenchmarks
{
    const string AppId = "970CA35de60c44645bbae8a215061b33";
    const string Certificate = "5CFd2fd1755d40ecb72977518be15d3b";
    const string UserId = "teacher-0042@school.example";
    const string RoomUuid = "physics-2026-spring-week-07";
    const short Role = 2;
    const uint ExpireSeconds = 3600;
    const uint IssueTs = 1_780_000_000;
    const uint Salt = 12345;

    static readonly AgoraCredentials Credentials = new(AppId, Certificate);
    static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(ExpireSeconds);
    readonly RtmTokenBuilder _builder = new(TimeProvider.System);
    readonly EducationTokenBuilder _education = new(TimeProvider.System);
    readonly string _token = RtmTokenBuilder.Build(AppId, Certificate, UserId, IssueTs, Salt, ExpireSeconds);
    uint _nextSecond = IssueTs;

    /// <summary>Both encodings must carry the same signed content, or comparing them says nothing.</summary>
    [GlobalSetup]
    public void EnsureBothEncodingsCarryTheSameToken()
    {
        var shipped = AccessToken2.Parse(MintRoomUserTokenPinned());
        var deflated = AccessToken2.Parse(MintRoomUserTokenPinnedZLibStream());
        if (!deflated.VerifySignature(Certificate) || !shipped.SigningInfo.Span.SequenceEqual(deflated.SigningInfo.Span)
            || !shipped.Signature.Span.SequenceEqual(deflated.Signature.Span))
        {
            throw new InvalidOperationException("The ZLibStream token does not carry the shipped token's content.");
        }
    }

    /// <summary>What the gateway does per user: the clock's second, a random salt.</summary>
    [Benchmark(Baseline = true)]
    public RtmToken Mint() => _builder.Build(Credentials, UserId, Lifetime);

    /// <summary>Every input pinned, as the test vector is built.</summary>
    [Benchmark]
    public string MintPinned() => RtmTokenBuilder.Build(AppId, Certificate, UserId, IssueTs, Salt, ExpireSeconds);

    /// <summary>The worst case: every token in a second of its own, so nothing signed earlier is reused.</summary>
    [Benchmark]
    public string MintEachInANewSecond() => RtmTokenBuilder.Build(AppId, Certificate, UserId, _nextSecond++, Salt, ExpireSeconds);

    /// <summary>A room-user token as the join route would mint it: clock, random salt, three services.</summary>
    [Benchmark]
    public EducationToken MintRoomUserToken() => _education.RoomUserToken(Credentials, RoomUuid, UserId, Role, Lifetime);

    /// <summary>The room-user token pinned, encoded as shipped: one stored deflate block.</summary>
    [Benchmark]
    public string MintRoomUserTokenPinned() =>
        EducationTokenBuilder.BuildRoomUserToken(AppId, Certificate, RoomUuid, UserId, Role, IssueTs, Salt, ExpireSeconds);

    /// <summary>The same token, its content deflated by <c>ZLibStream</c> (<c>CompressionLevel.Optimal</c>) instead.</summary>
    [Benchmark]
    public string MintRoomUserTokenPinnedZLibStream()
    {
        Span<byte> content = stackalloc byte[AccessToken2Writer.MaxContentLength];
        var length = ComposeRoomUserToken(content);
        return ZLibStreamEncoding.Encode(content[..length]);
    }

    /// <summary>The signed content alone, neither compressed nor base64-encoded: the part both encodings share.</summary>
    [Benchmark]
    public int ComposeRoomUserTokenPinned()
    {
        Span<byte> content = stackalloc byte[AccessToken2Writer.MaxContentLength];
        return ComposeRoomUserToken(content);
    }

    [Benchmark]
    public bool ParseAndVerify() => AccessToken2.TryParse(_token, out var parsed, out _) && parsed.VerifySignature(Certificate);

    [Benchmark]
    public RtmTokenCheck Check() => RtmTokenVerifier.Check(_token, Credentials, UserId, DateTimeOffset.FromUnixTimeSeconds(IssueTs));

    static int ComposeRoomUserToken(Span<byte> content) =>
        AccessToken2Writer.Compose(AppId, Certificate, IssueTs, Salt, ExpireSeconds,
            EducationTokenBuilder.RoomUserServices(RoomUuid, UserId, Role, ExpireSeconds), content);

    sealed class TokensPerSecond : ManualConfig
    {
        public TokensPerSecond() => AddColumn(StatisticColumn.OperationsPerSecond);
    }
}
