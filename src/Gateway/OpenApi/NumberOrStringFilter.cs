using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway.OpenApi;

/// <summary>
/// A field read with <see cref="NumberOrStringConverter"/> (a role, which Agora writes both ways) is an integer or a
/// string, as the body carries it, however the model keeps it.
/// </summary>
public sealed class NumberOrStringFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete
            || context.MemberInfo?.GetCustomAttribute<JsonConverterAttribute>()?.ConverterType != typeof(NumberOrStringConverter))
        {
            return;
        }
        var number = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" };
        InputBoundsFilter.Range(number, long.MinValue, long.MaxValue);
        // OpenAPI 3.0 takes nullable only beside a type: a null, where the model allows one, is the string's.
        var text = new OpenApiSchema { Type = JsonSchemaType.String | (concrete.Type & JsonSchemaType.Null) };
        concrete.Type = null;
        concrete.OneOf = [number, text];
    }
}
