namespace Gateway.OpenApi;

/// <summary>A route's alternative 200 answer as text of <paramref name="ContentType"/>, beside its JSON envelope, and an example of it.</summary>
public sealed record TextAnswer(string ContentType, string Example);
