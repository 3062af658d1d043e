namespace Gateway.Security;

/// <summary>Each origin is an absolute http(s) origin — scheme, host and optional port, nothing else, no wildcard.</summary>
public sealed class GatewayCorsOptionsValidator : IValidateOptions<GatewayCorsOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayCorsOptions options)
    {
        var bad = options.AllowedOrigins.Where(origin => !IsOrigin(origin)).ToList();
        return bad.Count == 0 ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Cors:AllowedOrigins must hold absolute origins like https://school.example (not: {string.Join(", ", bad)}).");
    }

    static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0
        && !origin.Contains('*') && origin.TrimEnd('/').Equals(uri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);
}
