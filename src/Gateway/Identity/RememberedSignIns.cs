using System.Collections.Concurrent;

namespace Gateway.Identity;

/// <summary>
/// The callers signed in with a JWT, remembered by the text that carried the token (signature included), so that a
/// client's next call with the same token costs a lookup instead of a signature check, a parse and the claims read at
/// sign-in: a frontend sends one token with every call of a session. Only successful sign-ins are kept, each until the
/// token expires (plus the allowed clock skew) and at most <see cref="MaxAge"/>, and only while the signing keys it was
/// validated with are the current ones: once the gateway has fetched the school's authority's keys anew (a key it did
/// not know, or the regular refresh), every sign-in is validated again, so a key the authority withdrew signs nobody in.
/// A remembered principal, and the caller read from it, are shared by the requests of its token: nothing after sign-in
/// changes either.
/// </summary>
public sealed class RememberedSignIns(TimeProvider time, int capacity = RememberedSignIns.DefaultCapacity)
{
    public const int DefaultCapacity = 10_000;
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    readonly ConcurrentDictionary<string, Remembered> _signedIn = new(BySignature.Instance);

    sealed record Remembered(SignIn SignIn, object? Keys, DateTimeOffset Until);

    /// <summary>How many sign-ins are remembered.</summary>
    public int Count => _signedIn.Count;

    /// <summary>The sign-in made with <paramref name="token"/>, if it was made with <paramref name="keys"/>, the current signing keys.</summary>
    public bool TryGet(string token, object? keys, [NotNullWhen(true)] out SignIn? signIn)
    {
        signIn = _signedIn.TryGetValue(token, out var known) && ReferenceEquals(known.Keys, keys) && time.GetUtcNow() < known.Until
            ? known.SignIn
            : null;
        return signIn is not null;
    }

    /// <summary>
    /// Remembers <paramref name="signIn"/>, made with <paramref name="token"/> and validated with <paramref name="keys"/>
    /// (null: keys that never change), until <paramref name="expires"/> at the latest.
    /// </summary>
    public void Remember(string token, SignIn signIn, object? keys, DateTimeOffset expires)
    {
        var now = time.GetUtcNow();
        var until = expires < now + MaxAge ? expires : now + MaxAge;
        if (until <= now)
        {
            return;
        }
        if (_signedIn.Count >= capacity)
        {
            MakeRoom(now);
        }
        _signedIn[token] = new Remembered(signIn, keys, until);
    }

    /// <summary>Forgets what has expired and, if that is not enough, everything: a forgotten caller is only validated again.</summary>
    void MakeRoom(DateTimeOffset now)
    {
        foreach (var entry in _signedIn)
        {
            if (now >= entry.Value.Until)
            {
                _signedIn.TryRemove(entry);
            }
        }
        if (_signedIn.Count >= capacity)
        {
            _signedIn.Clear();
        }
    }

    /// <summary>
    /// Compares whole texts but hashes only their last characters, the token's signature: a JWT is several hundred
    /// characters, hashed on every request, and its signature alone already tells tokens apart. Only tokens that
    /// signed a caller in are kept, each under one text (<see cref="SchoolBearerHandler"/>), so nobody can fill the table
    /// with texts that collide, or with many texts of one token.
    /// </summary>
    sealed class BySignature : IEqualityComparer<string>
    {
        public static readonly BySignature Instance = new();
        const int Hashed = 64;

        public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

        public int GetHashCode(string text) => string.GetHashCode(text.AsSpan(Math.Max(0, text.Length - Hashed)));
    }
}
