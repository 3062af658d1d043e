using System.Text.Json;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway.OpenApi;

/// <summary>
/// A change's <c>cause</c>, which Agora hands on in the change's event, is a JSON object: the rules refuse any other value
/// (<c>PropertyRules.CheckCause</c>), so the document says so rather than any JSON.
/// </summary>
public sealed class CauseFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is OpenApiSchema concrete && context.MemberInfo is { Name: "Cause" } member
            && member.DeclaringType?.GetProperty(member.Name)?.PropertyType == typeof(JsonElement?))
        {
            concrete.Type = JsonSchemaType.Object | JsonSchemaType.Null;
        }
    }
}
