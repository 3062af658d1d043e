namespace Gateway.OpenApi;

/// <summary>The only values a route takes for one of its parameters (a state in its path), stated beside the route.</summary>
public sealed record ParameterValuesMetadata(string Name, IReadOnlyList<int> Values);
