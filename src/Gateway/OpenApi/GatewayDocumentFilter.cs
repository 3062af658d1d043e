using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway.OpenApi;

/// <summary>
/// What the API explorer cannot see — the health checks and the any-method passthrough — plus the sandbox's note,
/// and a stable order of paths, operations, schemas and tags, so that the checked-in document only changes with the API.
/// </summary>
public sealed class GatewayDocumentFilter(IConfiguration configuration, IHostEnvironment environment) : IDocumentFilter
{
    /// <summary>The body of <c>/healthz</c> and <c>/readyz</c>.</summary>
    public sealed record HealthReportBody(string Status, IReadOnlyDictionary<string, HealthCheckBody> Checks);

    public sealed record HealthCheckBody(string Status, string? Description);

    static readonly HttpMethod[] MethodOrder = [HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete];

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        AddHealth(document, context);
        AddPassthrough(document, context);
        if (SandboxMode.IsEnabled(configuration, environment))
        {
            document.Info.Description = AccessFilter.Append(document.Info.Description,
                "**Sandbox:** this gateway runs the Classroom emulator as its upstream. Get a school JWT from `POST /dev/token` "
                + "(for example `{\"sub\":\"teacher-1\",\"roles\":[\"teacher\"],\"rooms\":[\"room-1\"]}`), click **Authorize**, "
                + "paste `data.token`, and try any route.");
        }
        Sort(document);
    }

    static void AddHealth(OpenApiDocument document, DocumentFilterContext context)
    {
        var report = context.SchemaGenerator.GenerateSchema(typeof(HealthReportBody), context.SchemaRepository);
        document.Paths["/healthz"] = HealthPath(document, context, report, "Liveness",
            "Liveness: the process answers", "200 while the process runs; checks nothing else.", ready: false);
        document.Paths["/readyz"] = HealthPath(document, context, report, "Readiness",
            "Readiness: the upstream and Redis answer", "200 when every dependency answers, else 503 with the failing checks.", ready: true);
    }

    static OpenApiPathItem HealthPath(OpenApiDocument document, DocumentFilterContext context, IOpenApiSchema report, string id, string summary, string description, bool ready)
    {
        var operation = new OpenApiOperation
        {
            OperationId = id,
            Summary = summary,
            Description = description,
            Tags = new HashSet<OpenApiTagReference> { new("Health", document) },
            Responses = new OpenApiResponses { ["200"] = JsonResponse("Healthy.", report) },
        };
        if (ready)
        {
            operation.Responses["503"] = JsonResponse("A dependency does not answer.", report);
        }
        ErrorResponsesFilter.Add(operation, context, [StatusCodes.Status500InternalServerError]);
        return new OpenApiPathItem { Operations = new() { [HttpMethod.Get] = operation } };
    }

    static void AddPassthrough(OpenApiDocument document, DocumentFilterContext context)
    {
        var envelope = context.SchemaGenerator.GenerateSchema(typeof(AgoraEnvelope<JsonElement>), context.SchemaRepository);
        var path = new OpenApiPathItem
        {
            Parameters =
            [
                new OpenApiParameter
                {
                    Name = "path",
                    In = ParameterLocation.Path,
                    Required = true,
                    Description = "Agora's path after `/edu/`, slashes included: `apps/{appId}/…` or `polling/apps/{appId}/…` of the configured app id.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    Example = "apps/970CA35de60c44645bbae8a215061b33/v2/rooms/room-1/sequences",
                },
            ],
            Operations = [],
        };
        foreach (var method in MethodOrder.Where(m => m != HttpMethod.Patch))
        {
            var operation = new OpenApiOperation
            {
                OperationId = "Passthrough" + method.Method[0] + method.Method[1..].ToLowerInvariant(),
                Summary = $"Admins: any Agora classroom call ({method.Method}), verbatim",
                Description = "Forwards the request to Agora as it came, as the admin's own uid, with the region prefix added. "
                    + "The app id in the path must be the configured one, else 403.\n\n**Who:** admins.",
                Tags = new HashSet<OpenApiTagReference> { new("Passthrough", document) },
                Responses = new OpenApiResponses { ["200"] = JsonResponse("Agora's answer, unchanged.", envelope) },
            };
            if (method != HttpMethod.Get)
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Description = "Agora's body for this call, forwarded unchanged.",
                    Content = new Dictionary<string, IOpenApiMediaType> { ["application/json"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } } },
                };
            }
            AccessFilter.Require(operation, document);
            ErrorResponsesFilter.Add(operation, context, [400, 401, 403, 404, 409, 429, 500, 502, 503, 504]);
            path.Operations[method] = operation;
        }
        document.Paths["/edu/{path}"] = path;
    }

    static OpenApiResponse JsonResponse(string description, IOpenApiSchema schema) => new()
    {
        Description = description,
        Content = new Dictionary<string, IOpenApiMediaType> { ["application/json"] = new OpenApiMediaType { Schema = schema } },
    };

    static void Sort(OpenApiDocument document)
    {
        var paths = document.Paths.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        document.Paths.Clear();
        foreach (var (key, item) in paths)
        {
            if (item is OpenApiPathItem { Operations: { } operations } concrete)
            {
                concrete.Operations = operations.OrderBy(o => Array.IndexOf(MethodOrder, o.Key) is var i and >= 0 ? i : MethodOrder.Length)
                    .ThenBy(o => o.Key.Method, StringComparer.Ordinal).ToDictionary();
            }
            document.Paths[key] = item;
        }
        if (document.Components?.Schemas is { } schemas)
        {
            document.Components.Schemas = schemas.OrderBy(s => s.Key, StringComparer.Ordinal).ToDictionary();
        }
        var tags = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(t => t.Name).OfType<string>().Distinct().Order(StringComparer.Ordinal);
        document.Tags = new SortedSet<OpenApiTag>(tags.Select(name => new OpenApiTag { Name = name }), Comparer<OpenApiTag>.Create((a, b) => string.CompareOrdinal(a.Name, b.Name)));
    }
}
