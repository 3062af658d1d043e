using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway.OpenApi;

/// <summary>
/// Objects stay open to fields the document does not name: Agora adds fields to its answers over time and the
/// gateway passes them through, so a client generated from the document must not refuse them.
/// </summary>
public sealed class OpenObjectsFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is OpenApiSchema { Type: JsonSchemaType.Object, AdditionalProperties: null } concrete)
        {
            concrete.AdditionalPropertiesAllowed = true;
        }
    }
}
