using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway.OpenApi;

/// <summary>
/// Declares the JSON media type of the bodies <see cref="Forwarding.AgoraBody{T}"/> binds. The endpoint's metadata names
/// their type but no media type: routing would refuse another one there, before the caller's sign-in and policies, where
/// the binder refuses it after them.
/// </summary>
public sealed class JsonRequestBodiesFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAcceptsMetadata>().LastOrDefault()
            is not { RequestType: { } type, ContentTypes.Count: 0 } accepts)
        {
            return;
        }
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = operation.RequestBody?.Required ?? !accepts.IsOptional,
            Description = operation.RequestBody?.Description,
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                ["application/json"] = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(type, context.SchemaRepository) },
            },
        };
    }
}
