namespace Gateway.Problems;

/// <summary>
/// A request the gateway itself refuses while its body is bound or read, in words written for the client: the problem
/// answered carries <see cref="Exception.Message"/> as its detail. Kestrel's own refusals keep a fixed detail.
/// </summary>
public sealed class ClientRefusal : BadHttpRequestException
{
    public ClientRefusal(string detail, int statusCode) : base(detail, statusCode) { }

    public ClientRefusal(string detail, int statusCode, Exception innerException) : base(detail, statusCode, innerException) { }

    /// <summary>A header the answer carries beside the problem, saying what the gateway would take instead.</summary>
    public (string Name, string Value)? Header { get; init; }
}
