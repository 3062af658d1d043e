using System.Text.Encodings.Web;
using System.Text.Json;

namespace Gateway.Audit;

/// <summary>
/// The target a handler names for its call's audit entry when no route value does (the resources a delete lists):
/// ids only, never a body; and the kinds of target an entry may name.
/// </summary>
public sealed record AuditTarget(string Value, string Kind)
{
    /// <summary>The values of <see cref="AuditEntry.TargetKind"/>.</summary>
    public static class Kinds
    {
        public const string User = "user", Resource = "resource", Widget = "widget", Resources = "resources", Call = "call";
    }

    public static void Set(HttpContext context, string value, string kind) => context.Features.Set(new AuditTarget(value, kind));

    /// <summary>
    /// Resources as a target: the JSON list of their ids, so that ids holding commas stay apart (<c>["a,b"]</c> is not
    /// <c>["a","b"]</c>), each id as it is written. A writer escaping for HTML wrote + &lt; &gt; &amp;, which ids may hold, as
    /// <c>\u002B</c> and the like, six characters for one: the trail named ids that no one wrote, and one id of them whole
    /// took more than a target keeps. The list is data in the trail's JSON, never in a page.
    /// </summary>
    public static void SetResources(HttpContext context, IReadOnlyList<string> ids) =>
        Set(context, JsonSerializer.Serialize(ids, IdList), Kinds.Resources);

    static readonly JsonSerializerOptions IdList = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A passthrough call as a target: <c>&lt;METHOD&gt; &lt;path&gt;</c>, the path as it is forwarded.</summary>
    public static AuditTarget Call(string method, string path) => new($"{method} {path}", Kinds.Call);

    /// <summary>The path of a <see cref="Call"/>'s value: a method holds no space, and it is all before the first one.</summary>
    public static string PathOfCall(string value) => value[(value.IndexOf(' ', StringComparison.Ordinal) + 1)..];
}
