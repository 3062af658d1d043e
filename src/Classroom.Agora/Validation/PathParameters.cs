namespace Classroom.Agora.Validation;

/// <summary>
/// A path segment's parameters (RFC 3986 §3.3): what follows a raw <c>;</c>, which a server that reads them (a servlet
/// container, Spring) drops before it decodes the segment and routes on it; an escaped <c>;</c> (<c>%3B</c>) is text of
/// the segment.
/// </summary>
public static class PathParameters
{
    /// <summary><paramref name="segment"/>, still encoded, without its parameters: <c>r1;x</c> is <c>r1</c>, <c>r1%3Bx</c> stays whole.</summary>
    public static string Drop(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var start = segment.IndexOf(';', StringComparison.Ordinal);
        return start < 0 ? segment : segment[..start];
    }
}
