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

    /// <summary>A refused value as the refusal may show it: one holding <c>@</c> may hold a user's password, and is not shown.</summary>
    static string Shown(string origin) => origin.Contains('@') ? "a value holding '@', not shown" : origin;

    static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0
        && !origin.Contains('*') && origin.TrimEnd('/').Equals(uri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);
}
