using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway.OpenApi;

/// <summary>
/// A request body's optional field is one to leave out, not to send as <c>null</c>: the gateway forwards bodies as they
/// came, so it refuses a declared field sent as null (<see cref="Classroom.Agora.Validation.NullFields"/>), at any depth.
/// The C# types are nullable only so that the rules can name what is missing; every schema a client sends says so
/// without <c>nullable</c>, a schema answered too (a room's role config) as well, whose answers leave an unset field out.
/// </summary>
public sealed class RequestFieldsFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var operations = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).ToList();
        var sent = Reachable(operations.SelectMany(o => o.RequestBody?.Content?.Values.AsEnumerable() ?? []).Select(c => c.Schema), document);
        foreach (var schema in sent)
        {
            // A field of more than one type (a number or a string) says nullable on one of them, as OpenAPI 3.0 must.
            foreach (var property in schema.Properties?.Values.OfType<OpenApiSchema>().SelectMany(p => (p.OneOf ?? []).OfType<OpenApiSchema>().Prepend(p)) ?? [])
            {
                property.Type &= ~JsonSchemaType.Null;
            }
        }
    }

    /// <summary>Every schema object reachable from <paramref name="roots"/>, references followed into the document's components.</summary>
    static HashSet<OpenApiSchema> Reachable(IEnumerable<IOpenApiSchema?> roots, OpenApiDocument document)
    {
        var seen = new HashSet<OpenApiSchema>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<IOpenApiSchema?>(roots);
        while (pending.TryPop(out var next))
        {
            var schema = next switch
            {
                OpenApiSchemaReference { Reference.Id: { } id } when document.Components?.Schemas?.TryGetValue(id, out var target) == true => target as OpenApiSchema,
                OpenApiSchema concrete => concrete,
                _ => null,
            };
            if (schema is null || !seen.Add(schema))
            {
                continue;
            }
            foreach (var child in (schema.Properties?.Values ?? []).Append(schema.Items).Append(schema.AdditionalProperties)
                .Concat(schema.AllOf ?? []).Concat(schema.OneOf ?? []).Concat(schema.AnyOf ?? []))
            {
                pending.Push(child);
            }
        }
        return seen;
    }
}
