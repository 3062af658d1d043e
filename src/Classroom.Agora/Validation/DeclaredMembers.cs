using System.Buffers;
using System.Text;
using System.Text.Json.Serialization.Metadata;

namespace Classroom.Agora.Validation;

/// <summary>
/// The members a request body's type declares, at every depth it types: its nested models, the entries of its typed maps
/// and the items of its typed lists. A free-form value (any JSON, a map of such values, the members an extension-data
/// property gathers) declares nothing, so its keys are data and any spelling of them is the client's own.
/// </summary>
/// <remarks>
/// The gateway reads a member by its exact name and forwards the bytes it was sent; a reader that matches names ignoring
/// case, as Go's <c>encoding/json</c> and ASP.NET Core's web defaults do, would take <c>RoomType</c> for <c>roomType</c>
/// and act on a value the gateway skipped as unknown. So a body may not name a declared member in another case
/// (<see cref="SoundJson.FaultIn(ReadOnlySpan{byte}, DeclaredMembers?)"/>).
/// </remarks>
public sealed class DeclaredMembers
{
    /// <summary>
    /// An object's members by their JSON names with letter case ignored, each with its name as declared and what its value
    /// declares (null: nothing): one look-up finds a member named exactly and one named in another case.
    /// </summary>
    readonly Dictionary<string, (string Name, DeclaredMembers? Value)> _byName = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>What each entry of a typed map, or each item of a typed list, declares.</summary>
    DeclaredMembers? _entries;

    /// <summary>The letters outside ASCII that Go's <c>encoding/json</c> folds to ASCII ones (<see cref="Folded"/>).</summary>
    static readonly SearchValues<char> FoldedToAscii = SearchValues.Create("\u017F\u0130\u0131\u212A");

    /// <summary>What <paramref name="type"/> declares; null when nothing at any depth of it is declared.</summary>
    public static DeclaredMembers? Of(JsonTypeInfo type) => Of(type, []);

    static DeclaredMembers? Of(JsonTypeInfo type, Dictionary<Type, DeclaredMembers> models)
    {
        switch (type.Kind)
        {
            case JsonTypeInfoKind.Object when models.TryGetValue(type.Type, out var known):
                return known;
            case JsonTypeInfoKind.Object:
                // Known before its members are, so that a model holding itself ends.
                var members = models[type.Type] = new DeclaredMembers();
                foreach (var property in type.Properties.Where(p => !p.IsExtensionData))
                {
                    // Two members whose names differ only in case could not be told apart here: such a model fails loudly.
                    members._byName.Add(property.Name, (property.Name, Of(type.Options.GetTypeInfo(property.PropertyType), models)));
                }
                return members;
            case JsonTypeInfoKind.Dictionary or JsonTypeInfoKind.Enumerable
                when type.ElementType is { } element && Of(type.Options.GetTypeInfo(element), models) is { } entries:
                return new DeclaredMembers { _entries = entries };
            default:
                return null;
        }
    }

    /// <summary>
    /// What the value of the member <paramref name="name"/> of an object declares, or, through
    /// <paramref name="declaredName"/>, the declared name it spells in another case.
    /// </summary>
    public DeclaredMembers? Member(string name, out string? declaredName)
    {
        declaredName = null;
        if (_byName.Count == 0)
        {
            return _entries;
        }
        // Agora's names are ASCII, which no other letter matches in .NET's casing, nor in Go's but those it folds to ASCII.
        if (Ascii.IsValid(name) ? _byName.TryGetValue(name, out var member)
            : name.AsSpan().ContainsAny(FoldedToAscii) && _byName.TryGetValue(Folded(name), out member))
        {
            if (string.Equals(name, member.Name, StringComparison.Ordinal))
            {
                return member.Value;
            }
            declaredName = member.Name;
        }
        return null;
    }

    /// <summary>What each item of an array declares.</summary>
    public DeclaredMembers? Item => _entries;

    /// <summary>
    /// The name with each letter that folds to an ASCII one written as that one: Go's <c>encoding/json</c> matches a name
    /// by each letter's lower case's upper case, which takes <c>ſ</c> for an <c>s</c>, <c>ı</c> and <c>İ</c> for an
    /// <c>i</c>, and the Kelvin sign for a <c>k</c>; .NET's own casing keeps them apart from ASCII, so they are named here.
    /// </summary>
    static string Folded(string name) => string.Create(name.Length, name, static (folded, name) =>
    {
        for (var i = 0; i < name.Length; i++)
        {
            folded[i] = name[i] switch
            {
                '\u017F' => 's',
                '\u0130' or '\u0131' => 'i',
                '\u212A' => 'k',
                var letter => letter,
            };
        }
    });
}
