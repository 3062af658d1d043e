namespace Gateway.RateLimiting;

public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options) =>
        options.PermitsPerMinute is >= 1 and <= RateLimitOptions.MaxPermitsPerMinute
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"RateLimit:PermitsPerMinute must be from 1 to {RateLimitOptions.MaxPermitsPerMinute}.");
}
