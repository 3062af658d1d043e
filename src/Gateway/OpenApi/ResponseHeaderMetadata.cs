namespace Gateway.OpenApi;

/// <summary>A header a route's successful answers always carry, with the values it takes.</summary>
public sealed record ResponseHeaderMetadata(string Name, string Description, IReadOnlyList<string> Values);
