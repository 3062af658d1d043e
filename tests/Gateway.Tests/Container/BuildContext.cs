using System.Text;
using System.Text.RegularExpressions;

namespace Gateway.Tests.Container;

/// <summary>
/// What <c>docker build .</c> sends the builder: the repository's working tree less what <c>.dockerignore</c> excludes, by
/// Docker's own rules. Each line is a pattern on the path from the context's root, cleaned (no leading or trailing
/// <c>/</c>); <c>*</c> and <c>?</c> stay within one path segment, <c>**</c> spans any number of them; a pattern that
/// matches a folder excludes everything in it; the last matching line decides, and a leading <c>!</c> takes a path back in.
/// </summary>
public sealed class BuildContext
{
    readonly List<(bool Include, Regex Pattern)> _patterns;

    BuildContext(IEnumerable<string> dockerignore) => _patterns = dockerignore
        .Select(line => line.Trim())
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .Select(line => line.StartsWith('!') ? (true, line[1..].Trim()) : (false, line))
        .Select(p => (p.Item1, Compile(Clean(p.Item2))))
        .ToList();

    public static BuildContext Of(string root) => new(File.ReadAllLines(Path.Combine(root, ".dockerignore")));

    /// <summary>Whether the builder is not sent <paramref name="path"/> (relative, with <c>/</c>).</summary>
    public bool Excludes(string path)
    {
        var parents = path.Split('/');
        var excluded = false;
        foreach (var (include, pattern) in _patterns)
        {
            var matches = pattern.IsMatch(path)
                || Enumerable.Range(1, parents.Length - 1).Any(n => pattern.IsMatch(string.Join('/', parents[..n])));
            if (matches)
            {
                excluded = !include;
            }
        }
        return excluded;
    }

    /// <summary>Copies what the builder is sent from <paramref name="root"/> into <paramref name="destination"/>.</summary>
    public void CopyTo(string root, string destination)
    {
        var pending = new Stack<string>([root]);
        while (pending.TryPop(out var folder))
        {
            foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
            {
                var relative = Path.GetRelativePath(root, entry.FullName).Replace('\\', '/');
                var excluded = Excludes(relative);
                if (entry is DirectoryInfo && entry.LinkTarget is null)
                {
                    // A folder whose contents a later "!" line might take back in must still be looked into.
                    if (!excluded || _patterns.Any(p => p.Include))
                    {
                        pending.Push(entry.FullName);
                    }
                }
                else if (!excluded && entry is FileInfo { LinkTarget: null } file)
                {
                    var target = Path.Combine(destination, relative);
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    file.CopyTo(target, overwrite: true);
                }
            }
        }
    }

    static string Clean(string pattern)
    {
        var segments = new List<string>();
        foreach (var segment in pattern.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment != ".")
            {
                segments.Add(segment);
            }
        }
        return string.Join('/', segments);
    }

    static Regex Compile(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    {
                        i++;
                    }
                    regex.Append(i + 1 == pattern.Length ? ".*" : "(.*/)?");
                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '[':
                    var end = pattern.IndexOf(']', i);
                    regex.Append(pattern[i..(end + 1)]);
                    i = end;
                    break;
                default:
                    regex.Append(Regex.Escape(pattern[i].ToString()));
                    break;
            }
        }
        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
