using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway.OpenApi;

/// <summary>
/// Adds a route's <see cref="TextAnswer"/> to its 200 answer as a second content type, and what the text holds to the
/// answer's description (a media type has none of its own in OpenAPI 3.0): the endpoint metadata holds one response type
/// per status, so the JSON envelope and the text cannot both be declared with <c>Produces</c>.
/// </summary>
public sealed class TextAnswerFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var answer = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<TextAnswer>().FirstOrDefault();
        if (answer is null || operation.Responses?.GetValueOrDefault("200") is not OpenApiResponse { Content: { } content } ok)
        {
            return;
        }
        ok.Description = $"{ok.Description}. {answer.Description}";
        content[answer.ContentType] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            Example = answer.Example,
        };
    }
}
