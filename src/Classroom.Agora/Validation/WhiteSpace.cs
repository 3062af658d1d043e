namespace Classroom.Agora.Validation;

/// <summary>
/// White space as <see cref="char.IsWhiteSpace(char)"/> names it (what <see cref="string.IsNullOrWhiteSpace"/> skips), for
/// the document's patterns. Each character is listed: ECMAScript's <c>\s</c>, which JSON Schema's patterns speak, is
/// another set (it takes U+FEFF, not U+0085).
/// </summary>
public static class WhiteSpace
{
    /// <summary>The characters, as the inside of a regular expression's character class.</summary>
    public const string Characters = @"\t-\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";
}
