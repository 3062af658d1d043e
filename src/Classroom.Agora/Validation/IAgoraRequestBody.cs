namespace Classroom.Agora.Validation;

/// <summary>
/// A request body of one of Agora's routes that says itself what Agora's rules require of it: whoever reads bodies
/// (the gateway) checks a new body type without a list of types to extend.
/// </summary>
public interface IAgoraRequestBody<TSelf> where TSelf : IAgoraRequestBody<TSelf>
{
    /// <summary>Whether every field is optional, so that no body at all means <c>{}</c>.</summary>
    static virtual bool MayBeEmpty => false;

    /// <summary>Agora's rules for <paramref name="body"/>: field → messages, empty when it is valid.</summary>
    static abstract IReadOnlyDictionary<string, string[]> Validate(TSelf body);
}
