using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Classroom.Agora.Validation;

/// <summary>
/// Whether a request body is JSON that every reader takes as the same value, as the gateway holds each body it forwards
/// and the emulator each body it stores: Agora receives exactly the bytes, so all of them must be sound, not only the
/// fields a model binds. A field the models ignore could otherwise carry invalid UTF-8, a lone surrogate or an infinite
/// number, and a value stored with a lone surrogate cannot be written out again. Nor may an object name a member twice
/// (<see cref="NamedTwice"/>).
/// </summary>
public static class SoundJson
{
    public const int MaxDepth = 64;

    /// <summary>What <see cref="IsSound"/> holds a body to, as a field error says it.</summary>
    public static readonly string Rule = "must be one JSON value in valid UTF-8, with finite numbers, "
        + $"whole surrogate pairs and at most {MaxDepth} levels of nesting";

    /// <summary>What a field error says of a member named twice (<see cref="NamedTwice"/>).</summary>
    public const string NamedTwiceRule = "is named twice in its object";

    /// <summary>
    /// What is wrong with <paramref name="bytes"/> as a request body, as a field error: the body, when it is not sound; a
    /// member, by its path, when its object names it twice; null when nothing is. One read of the body judges both.
    /// </summary>
    public static (string Field, string Message)? FaultIn(ReadOnlySpan<byte> bytes) =>
        !Read(bytes, findNamedTwice: true, out var twice) ? ("body", Rule) : twice is null ? null : (twice, NamedTwiceRule);

    public static bool IsSound(ReadOnlySpan<byte> bytes) => Read(bytes, findNamedTwice: false, out _);

    /// <summary>
    /// The path of the first member of <paramref name="bytes"/>, a sound body, that its object names twice, however the
    /// names are escaped (<c>a.b</c>, <c>list[2].c</c>); null when none is. RFC 8259 §4 leaves such an object to each
    /// reader, one taking the first value, another the last, so Agora could act on the other value than the one checked.
    /// </summary>
    public static string? NamedTwice(ReadOnlySpan<byte> bytes) => Read(bytes, findNamedTwice: true, out var twice) ? twice : null;

    /// <summary>
    /// Reads the whole body: false when it is not sound; with <paramref name="findNamedTwice"/>, also the path of the first
    /// member its object names twice (<paramref name="namedTwice"/>), reading on to judge the rest's soundness, which counts first.
    /// </summary>
    /// <remarks>
    /// An object's names are kept in one set for its depth, reused by the next object there, so that a body of many small
    /// objects (a megabyte of <c>{}</c> makes a third of a million) costs no set for each; one that held many names is
    /// replaced rather than cleared, as clearing costs what it grew to, for each small object after it.
    /// </remarks>
    static bool Read(ReadOnlySpan<byte> bytes, bool findNamedTwice, out string? namedTwice)
    {
        namedTwice = null;
        if (!Utf8.IsValid(bytes))
        {
            return false;
        }
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = MaxDepth });
        // Each object or array open around the reader, innermost last: an object's last name, an array's last index.
        var open = findNamedTwice ? new List<(bool IsObject, string? Name, int Index)>() : null;
        var names = findNamedTwice ? new List<HashSet<string>>() : null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject when open is not null:
                        Entered(open);
                        NamesAt(names!, open.Count);
                        open.Add((true, null, 0));
                        break;
                    case JsonTokenType.StartArray when open is not null:
                        Entered(open);
                        open.Add((false, null, -1));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        open?.RemoveAt(open.Count - 1);
                        break;
                    case JsonTokenType.PropertyName when open is not null:
                        // Read whole, escaped or not: it throws on an escaped lone surrogate, as below.
                        var name = reader.GetString()!;
                        open[^1] = open[^1] with { Name = name };
                        if (!names![open.Count - 1].Add(name))
                        {
                            namedTwice ??= PathOf(open);
                        }
                        break;
                    case JsonTokenType.String or JsonTokenType.PropertyName:
                        if (reader.ValueIsEscaped)
                        {
                            reader.GetString(); // throws on an escaped lone surrogate
                        }
                        Entered(open);
                        break;
                    case JsonTokenType.Number when !reader.TryGetDouble(out var number) || !double.IsFinite(number):
                        return false;
                    default:
                        Entered(open);
                        break;
                }
            }
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The most names a set for a depth keeps when it is emptied for the next object there, rather than replaced.</summary>
    const int ReusedNames = 64;

    /// <summary>An empty set for the names of an object opening at <paramref name="depth"/>.</summary>
    static void NamesAt(List<HashSet<string>> names, int depth)
    {
        while (names.Count <= depth)
        {
            names.Add(new HashSet<string>(StringComparer.Ordinal));
        }
        if (names[depth].Count > ReusedNames)
        {
            names[depth] = new HashSet<string>(StringComparer.Ordinal);
        }
        else
        {
            names[depth].Clear();
        }
    }

    /// <summary>A value begins: in an array, it is the next item.</summary>
    static void Entered(List<(bool IsObject, string? Name, int Index)>? open)
    {
        if (open is { Count: > 0 } && !open[^1].IsObject)
        {
            open[^1] = open[^1] with { Index = open[^1].Index + 1 };
        }
    }

    static string PathOf(List<(bool IsObject, string? Name, int Index)> open)
    {
        var path = new StringBuilder();
        foreach (var (isObject, name, index) in open)
        {
            if (!isObject)
            {
                path.Append('[').Append(index).Append(']');
            }
            else
            {
                path.Append(path.Length == 0 ? "" : ".").Append(name);
            }
        }
        return path.ToString();
    }
}
