namespace Gateway.OpenApi;

/// <summary>The values a route's <c>{state}</c> takes, which the document lists as its enum.</summary>
public sealed record StateValues(params int[] Values);
