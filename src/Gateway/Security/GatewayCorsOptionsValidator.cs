namespace Gateway.Security;

/// <summary>Each origin is an absolute http(s) origin — scheme, host and optional port, nothing else, no wildcard.</summary>
public sealed class GatewayCorsOptionsValidator : IValidateOptions<GatewayCorsOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayCorsOptions options)
    {
        var bad = options.AllowedOrigins.Where(origin => !IsOrigin(origin)).Select(Shown).ToList();
        return bad.Count == 0 ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Cors:AllowedOrigins must hold absolute origins like https://school.example (not: {string.Join(", ", bad)}).");
    }

    /// <summary>
    /// A refused value as the refusal may show it: its scheme, host and port, and <c>/…</c> for whatever follows (a path, a
    /// query); a value that is no absolute URL, or holds <c>@</c>, not at all. What follows the origin, or a user before
    /// it, may be a password or a key.
    /// </summary>
    static string Shown(string origin) =>
        !origin.Contains('@') && Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.GetLeftPart(UriPartial.Authority) is { Length: > 0 } start
            ? start + (origin.TrimEnd('/').Length > start.Length ? "/…" : "")
            : "a value that is not shown";

    static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0
        && !origin.Contains('*') && origin.TrimEnd('/').Equals(uri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);
}
