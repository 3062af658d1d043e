using System.ComponentModel;
using System.Diagnostics;

namespace Gateway.Tests.Support;

/// <summary>A Node.js script of a package that test.sh installs, or npm, run to its end with its output; killed after a bound, it ends with code -1 and what it wrote by then.</summary>
public static class NodeCommand
{
    public sealed record Exit(int Code, string Output);

    /// <summary>Runs <paramref name="script"/> (relative to <paramref name="folder"/>) with <paramref name="arguments"/> in <paramref name="folder"/>.</summary>
    public static async Task<Exit> RunAsync(string folder, string script, IEnumerable<string> arguments,
        IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        Assert.True(script.StartsWith('-') || File.Exists(Path.Combine(folder, script)), $"{script} is not installed in {folder}: run ./test.sh, or `npm ci` there.");
        return await RunProgramAsync("node", folder, [script, .. arguments], environment, timeout);
    }

    /// <summary>npm with <paramref name="arguments"/> in <paramref name="folder"/>.</summary>
    public static Task<Exit> NpmAsync(string folder, IEnumerable<string> arguments, TimeSpan? timeout = null) =>
        RunProgramAsync("npm", folder, arguments, null, timeout);

    static async Task<Exit> RunProgramAsync(string program, string folder, IEnumerable<string> arguments,
        IDictionary<string, string>? environment, TimeSpan? timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        Process node;
        try
        {
            node = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Node.js (`{program}`) is not on PATH. Run ./test.sh, which installs it.", e);
        }
        using (node)
        {
            var bound = timeout ?? TimeSpan.FromMinutes(3);
            // Read to the pipes' end whatever happens: a program killed at its bound closes them, and what it wrote by
            // then is what says where it stood.
            var output = node.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var errors = node.StandardError.ReadToEndAsync(CancellationToken.None);
            var ended = true;
            try
            {
                await node.WaitForExitAsync(Json.Cancel).WaitAsync(bound, Json.Cancel);
            }
            catch (TimeoutException)
            {
                ended = false;
            }
            finally
            {
                if (!node.HasExited)
                {
                    node.Kill(entireProcessTree: true);
                }
            }
            var written = await Task.WhenAll(output, errors).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
            return ended
                ? new Exit(node.ExitCode, written[0] + written[1])
                : new Exit(-1, $"{written[0]}{written[1]}\n{program} was killed: it had not ended within {bound}.");
        }
    }
}
