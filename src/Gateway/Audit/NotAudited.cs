namespace Gateway.Audit;

/// <summary>Marks a write route that changes no state (it mints a token for its caller), so the trail leaves it out.</summary>
public sealed record NotAudited(string Reason);
