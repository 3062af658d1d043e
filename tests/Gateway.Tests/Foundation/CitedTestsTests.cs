using System.Text.RegularExpressions;
using Gateway.Tests.Support;

namespace Gateway.Tests.Foundation;

/// <summary>
/// The documents back their sentences with the tests that hold them (<c>`SignInTests.TheClockSkewIsThirtySeconds`</c>): a
/// reader looks such a test up to see what is held, so each one cited must exist. A cited test renamed when its behaviour
/// changed leaves the sentence beside it stating the old behaviour with nothing holding it; docs/security.md once said a
/// <c>204</c> of Agora's reached the client as a <c>204</c>, citing a test that by then held it to be a <c>502</c> under another name.
/// </summary>
public sealed partial class CitedTestsTests
{
    static readonly string[] Documents =
        ["README.md", "docs/caching.md", "docs/events.md", "docs/security.md", "clients/typescript/README.md", "src/Classroom.Emulator/README.md"];

    /// <summary>
    /// Every citation of a test: <c>`Class.Method`</c>, a class ending in <c>Tests</c> alone, and after a class in the same
    /// list of citations (<c>`A.B`, `C`</c>) or as <c>`…C`</c>, a method of that class. Each must name a class declared in the
    /// test projects' sources, and a method declared in the file(s) declaring it (<c>…C</c> without a class: in any).
    /// </summary>
    [Fact]
    public void EveryTestTheDocumentsCiteExists()
    {
        var sources = Directory.EnumerateFiles(Repository.PathOf("tests"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText).ToList();
        var missing = new List<string>();
        var cited = 0;
        foreach (var document in Documents)
        {
            foreach (Match list in CitationList().Matches(File.ReadAllText(Repository.PathOf(document))))
            {
                string? lastClass = null;
                foreach (Capture citation in list.Groups["item"].Captures)
                {
                    var parts = CitedTest().Match(citation.Value);
                    if (!parts.Success)
                    {
                        continue;
                    }
                    var (testClass, method) = parts.Groups["class"].Success
                        ? (parts.Groups["class"].Value, parts.Groups["method"].Success ? parts.Groups["method"].Value : null)
                        : (lastClass, parts.Groups["bare"].Value);
                    if (testClass is null && !parts.Groups["ellipsis"].Success)
                    {
                        continue; // a bare name with no class before it is no citation of a test
                    }
                    lastClass = testClass;
                    cited++;
                    var declaring = testClass is null ? sources : sources.Where(source => Declares(source, testClass)).ToList();
                    if (declaring.Count == 0 || (method is not null && !declaring.Any(source => DeclaresMethod(source, method))))
                    {
                        missing.Add($"{document}: `{citation.Value}`{(testClass is null || citation.Value.Contains(testClass, StringComparison.Ordinal) ? "" : $" (of {testClass})")}");
                    }
                }
            }
        }
        Assert.True(cited >= 200, $"Only {cited} citations of tests were found: the documents are not read as they are written");
        Assert.True(missing.Count == 0, "Cited tests that do not exist:\n" + string.Join('\n', missing));
    }

    static bool Declares(string source, string testClass) => Regex.IsMatch(source, $@"\b(?:class|record)\s+{Regex.Escape(testClass)}\b");

    static bool DeclaresMethod(string source, string method) => Regex.IsMatch(source, $@"\s{Regex.Escape(method)}\s*[(<]");

    /// <summary>Backticked items, alone or one after another separated by commas or semicolons.</summary>
    [GeneratedRegex(@"(?:`(?<item>[^`\n]+)`(?:[,;] ?\n?\s*)?)+")]
    private static partial Regex CitationList();

    /// <summary><c>Namespace.Class.Method</c>, <c>Class</c> (ending in Tests), or a bare or <c>…</c>-led method name.</summary>
    [GeneratedRegex(@"^(?:(?:[A-Z][A-Za-z0-9]*\.)*(?<class>[A-Z][A-Za-z0-9]*Tests)(?:\.(?<method>[A-Z][A-Za-z0-9]+))?|(?<ellipsis>…)?(?<bare>[A-Z][A-Za-z0-9]{20,}))$")]
    private static partial Regex CitedTest();
}
