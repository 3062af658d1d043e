using Classroom.Agora.Tokens;

namespace Gateway.Tokens;

/// <summary>Where the forwarder gets a caller's RTM token: minted, or from the cache of minted tokens.</summary>
public interface IRtmTokenSource
{
    ValueTask<RtmToken> GetTokenAsync(string uid, CancellationToken cancellationToken);
}
