namespace Gateway.Resources;

/// <summary>One room's resource list exactly as Agora answered it.</summary>
public sealed record CachedResourceList(string ContentType, byte[] Body);
