namespace Gateway.Security;

/// <summary>The <c>Cors</c> section: the origins of the school's web frontends. None by default: no browser origin is let in.</summary>
public sealed class GatewayCorsOptions
{
    public const string Section = "Cors";

    public string[] AllowedOrigins { get; set; } = [];
}
