using System.Diagnostics;

namespace Classroom.Emulator.Tests;

/// <summary>Agora's own token library (npm <c>agora-token@2.0.6</c>, installed by test.sh in tests/oracle).</summary>
static class AgoraTokenOracle
{
    public static async Task<string> BuildRtmTokenAsync(string appId, string certificate, string userId, int expireSeconds)
    {
        var oracle = System.IO.Path.Combine(RepositoryRoot(), "tests", "oracle");
        Assert.True(Directory.Exists(System.IO.Path.Combine(oracle, "node_modules", "agora-token")),
            "npm agora-token is missing: run `npm ci` in tests/oracle (test.sh does).");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = oracle,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add("const [appId, cert, uid, expire] = process.argv.slice(1);"
            + "process.stdout.write(require('agora-token').RtmTokenBuilder.buildToken(appId, cert, uid, Number(expire)));");
        foreach (var argument in new[] { appId, certificate, userId, expireSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }
        using var node = Process.Start(start)!;
        var output = await node.StandardOutput.ReadToEndAsync(RunningEmulator.Ct);
        var error = await node.StandardError.ReadToEndAsync(RunningEmulator.Ct);
        await node.WaitForExitAsync(RunningEmulator.Ct);
        Assert.True(node.ExitCode == 0, error);
        Assert.StartsWith("007", output, StringComparison.Ordinal);
        return output;
    }

    static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Gateway.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("No Gateway.sln above " + AppContext.BaseDirectory);
    }
}
