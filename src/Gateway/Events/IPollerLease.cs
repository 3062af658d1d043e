namespace Gateway.Events;

/// <summary>
/// Who may poll Agora: one instance at a time. The value held is a fencing token that changes with every new
/// holder, so an append made under an old one is refused.
/// </summary>
public interface IPollerLease
{
    /// <summary>Renews the lease held as <paramref name="held"/>, or takes it when free; the token held now, or null.</summary>
    Task<string?> TryHoldAsync(string? held, CancellationToken cancellationToken);

    /// <summary>Lets another instance take over at once (on a graceful stop).</summary>
    Task ReleaseAsync(string held, CancellationToken cancellationToken);
}
