using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Gateway.Tests.Support;

namespace Gateway.Tests.Foundation;

/// <summary>
/// The defaults the configuration tables state (the README's, docs/events.md's: <c>| key | meaning | default |</c>) are the
/// code's: each key of a row whose default is a plain value (a number, <c>`literal`</c>, or <c>none</c>) is read from a
/// new instance of the options class its section names.
/// </summary>
public sealed partial class DocumentedDefaultsTests
{
    public static TheoryData<string, string> DocumentedDefaults()
    {
        var rows = new TheoryData<string, string>();
        foreach (var (keys, documented) in Rows())
        {
            var values = documented.Split(',', StringSplitOptions.TrimEntries);
            if (values.Length == keys.Length && values.All(value => PlainValue().IsMatch(value)))
            {
                foreach (var (key, value) in keys.Zip(values))
                {
                    rows.Add(key, value.Trim('`'));
                }
            }
        }
        return rows;
    }

    /// <summary>Every setting the configuration tables name, as written there (<c>Section:Key</c>).</summary>
    public static IEnumerable<string> DocumentedKeys() => Rows().SelectMany(row => row.Keys).Distinct();

    /// <summary>Each row of the configuration tables: the keys its first cell names, and its default cell.</summary>
    static IEnumerable<(string[] Keys, string Default)> Rows()
    {
        foreach (var file in new[] { "README.md", "docs/events.md" })
        {
            var inTable = false;
            foreach (var line in File.ReadAllLines(Repository.PathOf(file)))
            {
                inTable = line == "| key | meaning | default |" || (inTable && line.StartsWith('|'));
                var cells = line.Split('|');
                if (inTable && cells.Length >= 5 && cells[1].Contains('`'))
                {
                    yield return ([.. Backticked().Matches(cells[1]).Select(key => key.Groups[1].Value)], cells[^2]);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(DocumentedDefaults))]
    public void TheDocumentedDefaultIsTheCodes(string key, string documented)
    {
        var path = key.Split(':');
        object? value = Activator.CreateInstance(Sections[path[0]]);
        foreach (var name in path[1..])
        {
            var property = value!.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
            Assert.True(property is not null, $"{key}: no such setting");
            value = property.GetValue(value);
        }

        if (documented == "none")
        {
            Assert.True(value is null or "" or Array { Length: 0 }, $"{key}: {value}");
            return;
        }
        Assert.Equal(documented, Convert.ToString(value, CultureInfo.InvariantCulture), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Every setting the gateway reads is in a configuration table: the start refuses a key no setting reads, so a setting
    /// left out of the tables could be found by no one but a reader of the code.
    /// </summary>
    [Fact]
    public void EverySettingIsInAConfigurationTable()
    {
        var documented = DocumentedKeys().ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.All(Sections.SelectMany(section => SettingsOf(section.Value, section.Key)), key => Assert.Contains(key, documented));
    }

    /// <summary>The keys of <paramref name="type"/>'s settable properties under <paramref name="path"/>, those of its nested settings too.</summary>
    static IEnumerable<string> SettingsOf(Type type, string path) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(property => property.SetMethod?.IsPublic == true)
            .SelectMany(property => property.PropertyType.IsClass && property.PropertyType != typeof(string) && !property.PropertyType.IsArray
                && property.PropertyType != typeof(Uri)
                ? SettingsOf(property.PropertyType, $"{path}:{property.Name}")
                : [$"{path}:{property.Name}"]);

    /// <summary>
    /// A row parted from its table by a blank line is no row: Markdown shows it as a line of pipes, and the theory above
    /// never reads it. Every line that starts a table is followed by the table's <c>|---|</c> line.
    /// </summary>
    [Fact]
    public void EveryRowOfTheDocumentedTablesIsInItsTable()
    {
        foreach (var file in new[] { "README.md" }.Concat(Directory.GetFiles(Repository.PathOf("docs"), "*.md").Select(Path.GetFileName).Select(name => $"docs/{name}")))
        {
            var lines = File.ReadAllLines(Repository.PathOf(file));
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].StartsWith('|') && (i == 0 || !lines[i - 1].StartsWith('|')))
                {
                    Assert.True(i + 1 < lines.Length && TableRule().IsMatch(lines[i + 1]), $"{file}:{i + 1} is a row outside any table: {lines[i]}");
                }
            }
        }
    }

    /// <summary>Every options class of the gateway, by the configuration section it binds.</summary>
    static readonly Dictionary<string, Type> Sections = typeof(Program).Assembly.GetTypes()
        .Select(type => (Type: type, Section: type.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
        .Where(found => found.Section is { IsLiteral: true } && found.Type.GetConstructor(Type.EmptyTypes) is not null)
        .ToDictionary(found => (string)found.Section!.GetRawConstantValue()!, found => found.Type);

    [GeneratedRegex("`([A-Za-z]+(?::[A-Za-z]+)+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"^\|(\s*:?-+:?\s*\|)+\s*$")]
    private static partial Regex TableRule();

    [GeneratedRegex(@"^(none|-?\d+(\.\d+)?|`[^`]+`)$")]
    private static partial Regex PlainValue();
}
