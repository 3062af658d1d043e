using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Classroom.Agora.Validation;

/// <summary>
/// Whether a request body is JSON that every reader takes as the same value, as the gateway holds each body it forwards
/// and the emulator each body it stores: Agora receives exactly the bytes, so all of them must be sound, not only the
/// fields a model binds. A field the models ignore could otherwise carry invalid UTF-8, a lone surrogate or an infinite
/// number, and a value stored with a lone surrogate cannot be written out again. Nor may an object name a member twice
/// (<see cref="NamedTwice"/>), nor, where a body's type is known, name a declared member in another case
/// (<see cref="DeclaredMembers"/>).
/// </summary>
public static class SoundJson
{
    public const int MaxDepth = 64;

    /// <summary>What <see cref="IsSound"/> holds a body to, as a field error says it.</summary>
    public static readonly string Rule = "must be one JSON value in valid UTF-8, with finite numbers, "
        + $"whole surrogate pairs and at most {MaxDepth} levels of nesting";

    /// <summary>What a field error says of a member named twice (<see cref="NamedTwice"/>).</summary>
    public const string NamedTwiceRule = "is named twice in its object";

    /// <summary>What a field error says of a member that names a declared one in another case.</summary>
    public static string InAnotherCaseRule(string declaredName) => $"is {declaredName} in another letter case: name it {declaredName}";

    /// <summary>
    /// What is wrong with <paramref name="bytes"/> as a request body, as a field error: the body, when it is not sound; else
    /// the first member, by its path, that its object names twice or that names one <paramref name="declared"/> declares in
    /// another case; null when nothing is. One read of the body judges all three.
    /// </summary>
    public static (string Field, string Message)? FaultIn(ReadOnlySpan<byte> bytes, DeclaredMembers? declared = null) =>
        Read(bytes, findFaults: true, declared, out var fault) ? fault : ("body", Rule);

    public static bool IsSound(ReadOnlySpan<byte> bytes) => Read(bytes, findFaults: false, null, out _);

    /// <summary>
    /// The path of the first member of <paramref name="bytes"/>, a sound body, that its object names twice, however the
    /// names are escaped (<c>a.b</c>, <c>list[2].c</c>); null when none is. RFC 8259 §4 leaves such an object to each
    /// reader, one taking the first value, another the last, so Agora could act on the other value than the one checked.
    /// </summary>
    public static string? NamedTwice(ReadOnlySpan<byte> bytes) => Read(bytes, findFaults: true, null, out var fault) ? fault?.Field : null;

    /// <summary>
    /// Reads the whole body: false when it is not sound; with <paramref name="findFaults"/>, also the first member its
    /// object names twice or that names a member of <paramref name="declared"/> in another case (<paramref name="fault"/>),
    /// reading on to judge the rest's soundness, which counts first.
    /// </summary>
    /// <remarks>
    /// An object's names are kept in one set for its depth, reused by the next object there, so that a body of many small
    /// objects (a megabyte of <c>{}</c> makes a third of a million) costs no set for each; one that held many names is
    /// replaced rather than cleared, as clearing costs what it grew to, for each small object after it.
    /// </remarks>
    static bool Read(ReadOnlySpan<byte> bytes, bool findFaults, DeclaredMembers? declared, out (string Field, string Message)? fault)
    {
        fault = null;
        if (!Utf8.IsValid(bytes))
        {
            return false;
        }
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = MaxDepth });
        // Each object or array open around the reader, innermost last: an object's last name, an array's last index, and
        // what it declares; then what the next value declares, as its member or item.
        var open = findFaults ? new List<(bool IsObject, string? Name, int Index, DeclaredMembers? Declared)>() : null;
        var names = findFaults ? new List<HashSet<string>>() : null;
        var next = declared;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject when open is not null:
                        Entered(open);
                        NamesAt(names!, open.Count);
                        open.Add((true, null, 0, next));
                        break;
                    case JsonTokenType.StartArray when open is not null:
                        Entered(open);
                        open.Add((false, null, -1, next));
                        next = next?.Item;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        open?.RemoveAt(open.Count - 1);
                        next = open is { Count: > 0 } && !open[^1].IsObject ? open[^1].Declared?.Item : null;
                        break;
                    case JsonTokenType.PropertyName when open is not null:
                        // Read whole, escaped or not: it throws on an escaped lone surrogate, as below.
                        var name = reader.GetString()!;
                        ref var inside = ref CollectionsMarshal.AsSpan(open)[^1];
                        inside.Name = name;
                        if (!names![open.Count - 1].Add(name))
                        {
                            fault ??= (PathOf(open), NamedTwiceRule);
                        }
                        string? declaredName = null;
                        next = inside.Declared?.Member(name, out declaredName);
                        if (declaredName is not null)
                        {
                            fault ??= (PathOf(open), InAnotherCaseRule(declaredName));
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
    static void Entered(List<(bool IsObject, string? Name, int Index, DeclaredMembers? Declared)>? open)
    {
        if (open is { Count: > 0 } && !open[^1].IsObject)
        {
            open[^1] = open[^1] with { Index = open[^1].Index + 1 };
        }
    }

    static string PathOf(List<(bool IsObject, string? Name, int Index, DeclaredMembers? Declared)> open)
    {
        var path = new StringBuilder();
        foreach (var (isObject, name, index, _) in open)
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
