using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Classroom.Agora.Tests.Tokens;

/// <summary>
/// Agora's own npm library (agora-token 2.0.6) behind <c>tests/oracle/token-oracle.js</c>: one node process
/// answers a whole batch of requests, so a thousand cases cost one process start.
/// </summary>
internal static class NodeTokenOracle
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
    static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static async Task<OracleAnswer[]> AskAsync(IReadOnlyCollection<OracleRequest> requests)
    {
        var oracleFolder = Path.Combine(RepositoryRoot(), "tests", "oracle");
        if (!Directory.Exists(Path.Combine(oracleFolder, "node_modules", "agora-token")))
        {
            throw new InvalidOperationException(
                $"The npm package agora-token is not installed in {oracleFolder}. Run ./test.sh, or `cd tests/oracle && npm ci`.");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = oracleFolder,
            ArgumentList = { "token-oracle.js" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            UseShellExecute = false,
        };
        Process node;
        try
        {
            node = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("Node.js (`node`) is not on PATH. Run ./test.sh, which installs it.", e);
        }

        using (node)
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken))
        {
            timeout.CancelAfter(TimeSpan.FromMinutes(2));
            var output = node.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = node.StandardError.ReadToEndAsync(timeout.Token);
            await node.StandardInput.WriteAsync(JsonSerializer.Serialize(requests, Json).AsMemory(), timeout.Token);
            node.StandardInput.Close();
            await node.WaitForExitAsync(timeout.Token);
            if (node.ExitCode != 0)
            {
                throw new InvalidOperationException($"token-oracle.js exited with {node.ExitCode}: {await errors}");
            }
            var answers = JsonSerializer.Deserialize<OracleAnswer[]>(await output, Json)
                ?? throw new InvalidOperationException("token-oracle.js answered null.");
            return answers.Length == requests.Count
                ? answers
                : throw new InvalidOperationException($"token-oracle.js answered {answers.Length} of {requests.Count} requests.");
        }
    }

    static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Gateway.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Gateway.sln.");
    }
}

internal sealed record OracleRequest(string Op)
{
    public string? AppId { get; init; }
    public string? Certificate { get; init; }
    public string? UserId { get; init; }
    public uint? IssueTs { get; init; }
    public uint? Salt { get; init; }
    public uint? Expire { get; init; }
    public string? Token { get; init; }
    public IReadOnlyList<OracleServiceSpec>? Services { get; init; }
    public string? Builder { get; init; }
    public string? Kind { get; init; }
    public string? RoomUuid { get; init; }
    public string? UserUuid { get; init; }
    public short? Role { get; init; }

    /// <summary>agora-token's AccessToken2 with issueTs and salt pinned; each service gets one privilege, 1 unless it names another.</summary>
    public static OracleRequest Build(TokenInputs inputs, params OracleServiceSpec[] services) => new("build")
    {
        AppId = inputs.AppId,
        Certificate = inputs.Certificate,
        IssueTs = inputs.IssueTs,
        Salt = inputs.Salt,
        Expire = inputs.Expire,
        Services = services,
    };

    /// <summary>agora-token's RtmTokenBuilder.buildToken: its own clock and random salt.</summary>
    public static OracleRequest BuildRtmToken(TokenInputs inputs) => new("buildRtmToken")
    {
        AppId = inputs.AppId,
        Certificate = inputs.Certificate,
        UserId = inputs.UserId,
        Expire = inputs.Expire,
    };

    /// <summary>
    /// agora-token's <paramref name="builder"/> (<c>EducationTokenBuilder</c> or <c>ApaasTokenBuilder</c>) building a
    /// token of <paramref name="kind"/>: with <paramref name="pinned"/>, the issue time and salt of the inputs; else its own.
    /// </summary>
    public static OracleRequest BuildEducationToken(string builder, EducationTokenKind kind, EducationTokenInputs inputs, bool pinned = true) =>
        new("buildEducationToken")
        {
            Builder = builder,
            Kind = kind switch
            {
                EducationTokenKind.RoomUser => "roomUser",
                EducationTokenKind.User => "user",
                _ => "app",
            },
            AppId = inputs.Token.AppId,
            Certificate = inputs.Token.Certificate,
            RoomUuid = inputs.RoomUuid,
            UserUuid = inputs.Token.UserId,
            Role = inputs.Role,
            Expire = inputs.Token.Expire,
            IssueTs = pinned ? inputs.Token.IssueTs : null,
            Salt = pinned ? inputs.Token.Salt : null,
        };

    /// <summary>agora-token's from_string, then verifySignature with <paramref name="certificate"/>.</summary>
    public static OracleRequest Inspect(string token, string certificate) => new("inspect") { Token = token, Certificate = certificate };
}

internal sealed record OracleServiceSpec(string Type)
{
    public string? UserId { get; init; }
    public string? Channel { get; init; }
    public string? Uid { get; init; }
    public string? RoomUuid { get; init; }
    public string? UserUuid { get; init; }
    public short? Role { get; init; }
    /// <summary>The one privilege the service gets: 1 when null.</summary>
    public ushort? Privilege { get; init; }
    /// <summary>Seconds from issue that the privilege lasts; the token's own expire when null.</summary>
    public uint? PrivilegeExpire { get; init; }

    public static OracleServiceSpec Rtm(string userId) => new("rtm") { UserId = userId };
}

internal sealed record OracleAnswer(
    string? Token, string? InflatedHex, bool Parsed, bool Verified, string? AppId, uint IssueTs, uint Expire, uint Salt,
    OracleService[]? Services);

internal sealed record OracleService(ushort Type, Dictionary<string, uint> Privileges, string? UserId, string? UserIdHex)
{
    public string? RoomUuidHex { get; init; }
    public string? UserUuidHex { get; init; }
    public short? Role { get; init; }
}
