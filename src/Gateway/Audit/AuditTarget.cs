namespace Gateway.Audit;

/// <summary>
/// The target a handler names for its call's audit entry when no route value does (the resources a delete lists):
/// ids only, never a body.
/// </summary>
public sealed record AuditTarget(string Value)
{
    public static void Set(HttpContext context, string value) => context.Features.Set(new AuditTarget(value));
}
