namespace Gateway.Audit;

/// <summary>Everything the audit section needs is stated by its data annotations.</summary>
public sealed class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditOptions options) => ValidateOptionsResult.Success;
}
