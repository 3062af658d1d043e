namespace Gateway.OpenApi;

/// <summary>
/// A route's alternative 200 answer as text of <paramref name="ContentType"/>, beside its JSON envelope: what the text
/// holds (<paramref name="Description"/>, which the document adds to the 200's) and an example of it.
/// </summary>
public sealed record TextAnswer(string ContentType, string Description, string Example);
