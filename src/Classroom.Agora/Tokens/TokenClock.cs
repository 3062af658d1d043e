namespace Classroom.Agora.Tokens;

/// <summary>The issue second, salt and lifetime of the next token a builder mints, from an injectable clock and salt source.</summary>
internal sealed class TokenClock(TimeProvider time, Func<uint>? saltSource)
{
    readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    /// <summary>
    /// The salt travels in the clear inside every token: it has to vary, not to be secret, so the fast shared
    /// generator serves (a cryptographic draw cost about half as much as signing the token).
    /// </summary>
    readonly Func<uint> _salt = saltSource ?? (() => (uint)Random.Shared.Next(1, (int)AccessToken2.MaxSalt + 1));

    public TokenStamp Next(TimeSpan lifetime)
    {
        var seconds = lifetime.TotalSeconds;
        if (seconds is < AccessToken2.MinLifetimeSeconds or > AccessToken2.MaxLifetimeSeconds || seconds != Math.Floor(seconds))
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, AccessToken2Writer.LifetimeRule);
        }
        var issueTs = checked((uint)_time.GetUtcNow().ToUnixTimeSeconds());
        return new TokenStamp(issueTs, _salt(), (uint)seconds);
    }
}
