using System.Buffers;
using System.Text;

namespace Classroom.Agora.Validation;

/// <summary>
/// The rule for <c>roomUuid</c>, <c>userUuid</c> and <c>resourceUuid</c>: under 64 bytes, letters, digits, space and
/// <c>! # $ % &amp; ( ) + - : ; &lt; = . &gt; ? @ [ ] ^ _ { } | ~ ,</c>. Several of these must be percent-encoded in a path.
/// </summary>
public static class AgoraIds
{
    public const int MaxBytes = 63;

    /// <summary>Every character an id may hold.</summary>
    public const string Characters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !#$%&()+-:;<=.>?@[]^_{}|~,";

    static readonly SearchValues<char> Allowed = SearchValues.Create(Characters);

    public static bool IsValid([NotNullWhen(true)] string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxBytes && !id.AsSpan().ContainsAnyExcept(Allowed);

    public const string Rule = "must be 1 to 63 bytes of letters, digits, space or ! # $ % & ( ) + - : ; < = . > ? @ [ ] ^ _ { } | ~ ,";

    /// <summary>Names, unlike ids, may hold any character; Agora only bounds their UTF-8 length.</summary>
    public static bool IsUnder64Bytes(string value) => Encoding.UTF8.GetByteCount(value) <= MaxBytes;
}
