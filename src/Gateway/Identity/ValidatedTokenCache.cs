using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Identity;

/// <summary>
/// Remembers the JWTs it has validated, so that a client's next call with the same token costs a lookup instead of
/// a signature check and a parse: a frontend sends one token with every call of a session. The key is the whole token,
/// signature included, so only the exact text validated before is ever taken from here. Only valid results are kept,
/// each until the token expires (plus the allowed clock skew) and at most <see cref="MaxAge"/>, so that a signing key
/// the school's authority withdraws stops working within that time.
/// </summary>
public sealed class ValidatedTokenCache(TokenHandler inner, TimeProvider? time = null, int capacity = ValidatedTokenCache.DefaultCapacity)
    : TokenHandler
{
    public const int DefaultCapacity = 10_000;
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    readonly MemoryCache _validated = new(new MemoryCacheOptions { SizeLimit = capacity });

    sealed record Validated(ClaimsIdentity Identity, SecurityToken Token, string? Issuer, DateTimeOffset Until);

    public override int MaximumTokenSizeInBytes
    {
        get => inner.MaximumTokenSizeInBytes;
        set => inner.MaximumTokenSizeInBytes = value;
    }

    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        ArgumentNullException.ThrowIfNull(validationParameters);
        // The handler judges lifetimes by the system clock, and so does the cache unless a test gives it another.
        var now = (time ?? TimeProvider.System).GetUtcNow();
        if (_validated.TryGetValue(token, out Validated? known) && now < known!.Until)
        {
            // Sign-in adds claims to the identity it is given: each caller gets its own copy.
            return new TokenValidationResult
            {
                IsValid = true,
                ClaimsIdentity = known.Identity.Clone(),
                SecurityToken = known.Token,
                Issuer = known.Issuer,
            };
        }

        var result = await inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is { } validated)
        {
            var expires = new DateTimeOffset(DateTime.SpecifyKind(validated.ValidTo, DateTimeKind.Utc)) + validationParameters.ClockSkew;
            var until = expires < now + MaxAge ? expires : now + MaxAge;
            if (until > now)
            {
                _validated.Set(token, new Validated(result.ClaimsIdentity.Clone(), validated, result.Issuer, until),
                    new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = until });
            }
        }
        return result;
    }
}
