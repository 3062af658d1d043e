namespace Gateway.Configuration;

public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var hasKey = !string.IsNullOrWhiteSpace(options.SigningKey);
        if (!hasKey && options.Authority is null)
        {
            return ValidateOptionsResult.Fail("Auth:SigningKey (base64, at least 32 bytes) or Auth:Authority is required.");
        }
        if (hasKey && options.Authority is not null)
        {
            // Either would sign callers in; the other would be ignored without a word.
            return ValidateOptionsResult.Fail(
                "Auth:SigningKey and Auth:Authority are both set: set one, the key (HS256) or the authority (RS256/ES256).");
        }
        if (hasKey && options.SigningKeyBytes is null)
        {
            return ValidateOptionsResult.Fail($"Auth:SigningKey must be base64 of at least {AuthOptions.MinSigningKeyBytes} bytes.");
        }
        if (options.Authority is { } authority && (!authority.IsAbsoluteUri || authority.Scheme is not ("http" or "https")))
        {
            return ValidateOptionsResult.Fail("Auth:Authority must be an absolute http or https URL.");
        }
        // The framework fetches the authority's metadata over https alone (loopback aside) and puts its path after the
        // URL: any other would start, then fail every request's sign-in.
        if (options.Authority is { Scheme: "http", IsLoopback: false })
        {
            return ValidateOptionsResult.Fail("Auth:Authority must be an https URL (plain http only on loopback).");
        }
        if (options.Authority is { } bare && (bare.Query.Length > 0 || bare.Fragment.Length > 0))
        {
            return ValidateOptionsResult.Fail("Auth:Authority must carry no query or fragment: its metadata path goes after it.");
        }
        // The framework sends no user name or password from the URL, and the gateway names its authority in its logs.
        if (options.Authority is { UserInfo.Length: > 0 })
        {
            return ValidateOptionsResult.Fail("Auth:Authority must not carry a user name or password.");
        }
        return ValidateOptionsResult.Success;
    }
}
