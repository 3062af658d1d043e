using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Classroom.Agora;
using Classroom.Agora.Tokens;

namespace Classroom.Benchmarks;

/// <summary>
/// Minting and checking one RTM token. The inputs match benchmarks/node/mint-bench.js, which times
/// agora-token's RtmTokenBuilder.buildToken: it reads the clock and draws a salt, as <see cref="Mint"/> does.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(TokensPerSecond))]
public class TokenBenchmarks
{
    const string AppId = "970CA35de60c44645bbae8a215061b33";
    const string Certificate = "5CFd2fd1755d40ecb72977518be15d3b";
    const string UserId = "teacher-0042@school.example";
    const uint ExpireSeconds = 3600;
    const uint IssueTs = 1_780_000_000;

    static readonly AgoraCredentials Credentials = new(AppId, Certificate);
    static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(ExpireSeconds);
    readonly RtmTokenBuilder _builder = new(TimeProvider.System);
    readonly string _token = RtmTokenBuilder.Build(AppId, Certificate, UserId, IssueTs, 12345, ExpireSeconds);
    uint _nextSecond = IssueTs;

    /// <summary>What the gateway does per user: the clock's second, a random salt.</summary>
    [Benchmark(Baseline = true)]
    public RtmToken Mint() => _builder.Build(Credentials, UserId, Lifetime);

    /// <summary>Every input pinned, as the test vector is built.</summary>
    [Benchmark]
    public string MintPinned() => RtmTokenBuilder.Build(AppId, Certificate, UserId, IssueTs, 12345, ExpireSeconds);

    /// <summary>The worst case: every token in a second of its own, so nothing signed earlier is reused.</summary>
    [Benchmark]
    public string MintEachInANewSecond() => RtmTokenBuilder.Build(AppId, Certificate, UserId, _nextSecond++, 12345, ExpireSeconds);

    [Benchmark]
    public bool ParseAndVerify() => AccessToken2.TryParse(_token, out var parsed, out _) && parsed.VerifySignature(Certificate);

    [Benchmark]
    public RtmTokenCheck Check() => RtmTokenVerifier.Check(_token, Credentials, UserId, DateTimeOffset.FromUnixTimeSeconds(IssueTs));

    sealed class TokensPerSecond : ManualConfig
    {
        public TokensPerSecond() => AddColumn(StatisticColumn.OperationsPerSecond);
    }
}
