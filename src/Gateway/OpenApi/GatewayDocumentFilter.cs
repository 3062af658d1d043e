using System.Text.Json;
using System.Text.Json.Nodes;
using Classroom.Agora;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway.OpenApi;

/// <summary>
/// What the API explorer cannot see — the any-method passthrough and routes that are not handlers — and a stable
/// order of paths, operations, schemas and tags, so that the checked-in document only changes with the API.
/// </summary>
public sealed class GatewayDocumentFilter(EndpointDataSource endpoints) : IDocumentFilter
{
    static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Rooms"] = "Classrooms: create one, start and end a class, kick a user.",
        ["Recordings"] = "Cloud recording of a classroom: composite (M3U8) or web page (MP4), and the list of recordings.",
        ["Resources"] = "A classroom's public resources (slides, documents) and their conversion to whiteboard pages.",
        ["Events"] = "What happened in classrooms: class state, users, chat, recordings, resources.",
        ["Tokens"] = "Agora RTM tokens for the signed-in user, minted by the gateway.",
        ["Sandbox"] = "Only while the Classroom emulator is the upstream.",
        ["Passthrough"] = "Any Agora classroom call, verbatim, for admins.",
        ["Health"] = "Liveness and readiness, for load balancers and orchestrators.",
    };

    static readonly HttpMethod[] MethodOrder = [HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete];

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        AddPassthrough(document, context);
        AddRoutesOutsideTheExplorer(document, context);
        ShadowedPaths.Fold(document);
        Sort(document);
    }

    /// <summary>
    /// Routes the API explorer skips (those not mapped as handlers, like health checks) are documented from their
    /// endpoint metadata: name, summary, description, tags, produced types, authorization.
    /// </summary>
    void AddRoutesOutsideTheExplorer(OpenApiDocument document, DocumentFilterContext context)
    {
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            var path = OpenApiPath(endpoint.RoutePattern);
            var metadata = endpoint.Metadata;
            if (document.Paths.ContainsKey(path) || metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription == true)
            {
                continue;
            }
            var item = new OpenApiPathItem { Operations = [] };
            foreach (var method in metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get])
            {
                item.Operations[HttpMethod.Parse(method)] = Describe(endpoint, method, document, context);
            }
            document.Paths[path] = item;
        }
    }

    static OpenApiOperation Describe(RouteEndpoint endpoint, string method, OpenApiDocument document, DocumentFilterContext context)
    {
        var metadata = endpoint.Metadata;
        var summary = metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary ?? $"{method} {OpenApiPath(endpoint.RoutePattern)}";
        var operation = new OpenApiOperation
        {
            OperationId = metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName
                ?? method[0] + method[1..].ToLowerInvariant() + string.Concat(endpoint.RoutePattern.PathSegments.SelectMany(s => s.Parts)
                    .Select(p => p switch { RoutePatternLiteralPart l => l.Content, RoutePatternParameterPart r => r.Name, _ => "" })
                    .Where(w => w.Length > 0).Select(w => char.ToUpperInvariant(w[0]) + w[1..])),
            Summary = summary,
            Description = metadata.GetMetadata<IEndpointDescriptionMetadata>()?.Description ?? summary,
            Tags = metadata.GetMetadata<ITagsMetadata>()?.Tags.Select(t => new OpenApiTagReference(t, document)).ToHashSet(),
            Parameters = endpoint.RoutePattern.Parameters.Select(p => (IOpenApiParameter)new OpenApiParameter
            {
                Name = p.Name,
                In = ParameterLocation.Path,
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            }).ToList(),
            Responses = [],
        };
        var produced = metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>();
        foreach (var response in produced)
        {
            var schema = response.Type is { } type && type != typeof(void) ? context.SchemaGenerator.GenerateSchema(type, context.SchemaRepository) : null;
            operation.Responses[response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = response.Description ?? Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(response.StatusCode),
                Content = response.ContentTypes.ToDictionary(c => c, c => (IOpenApiMediaType)new OpenApiMediaType { Schema = schema }),
            };
        }
        if (produced.Count == 0)
        {
            operation.Responses["200"] = new OpenApiResponse
            {
                Description = "OK",
                Content = new Dictionary<string, IOpenApiMediaType> { ["text/plain"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } },
            };
        }
        var statuses = new List<int> { StatusCodes.Status500InternalServerError };
        if (RouteAccess.RequiresSignIn(metadata))
        {
            AccessFilter.Require(operation, document);
            statuses.AddRange([.. ErrorResponsesFilter.SignInRefusals, StatusCodes.Status403Forbidden]);
        }
        ErrorResponsesFilter.Add(operation, context, statuses, callsAgora: false);
        return operation;
    }

    /// <summary>A route pattern as OpenAPI spells it: <c>/edu/{**path}</c> is <c>/edu/{path}</c>, no trailing slash.</summary>
    static string OpenApiPath(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));

    /// <summary>The longest a passthrough's path or a query value can be: the request line that carries it, no longer.</summary>
    const int RequestLine = Security.RequestLimits.MaxRequestLineBytes;

    static void AddPassthrough(OpenApiDocument document, DocumentFilterContext context)
    {
        var envelope = context.SchemaGenerator.GenerateSchema(typeof(AgoraEnvelope<JsonElement>), context.SchemaRepository);
        // Agora answers many writes without data. Any of the two: an answer with data is both, as the empty envelope does
        // not forbid more.
        var writeAnswer = new OpenApiSchema
        {
            AnyOf = [envelope, context.SchemaGenerator.GenerateSchema(typeof(AgoraEmptyEnvelope), context.SchemaRepository)],
        };
        var path = new OpenApiPathItem
        {
            Parameters =
            [
                new OpenApiParameter
                {
                    Name = "path",
                    In = ParameterLocation.Path,
                    Required = true,
                    Description = "Agora's path after `/edu/`, slashes included: `apps/{appId}/v2/rooms/…` with the configured app id "
                        + $"(in the sandbox `{AgoraSandbox.AppId}`). Its slashes may be sent encoded (`%2F`), as generated clients "
                        + "and Swagger UI send them; `.` and `..` segments are refused.",
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Pattern = "^apps/[^/]+/[^/]+",
                        MaxLength = RequestLine,
                    },
                    Example = $"apps/{AgoraSandbox.AppId}/v2/rooms/room-1/sequences",
                },
            ],
            Operations = [],
        };
        foreach (var method in MethodOrder)
        {
            var operation = new OpenApiOperation
            {
                OperationId = "Passthrough" + method.Method[0] + method.Method[1..].ToLowerInvariant(),
                Summary = $"Admins: any Agora classroom call ({method.Method}), verbatim",
                Description = "Forwards the request to Agora as it came, as the admin's own uid, with the region prefix added. "
                    + "The app id in the path must be the configured one, else 403. Agora's once-only event queue (`/edu/polling/…`) "
                    + "is refused with 403 too: the gateway polls it into `GET /api/v1/events`.\n\n**Who:** admins.",
                Tags = new HashSet<OpenApiTagReference> { new("Passthrough", document) },
                Responses = new OpenApiResponses
                {
                    ["200"] = JsonResponse("Agora's answer, unchanged.", method == HttpMethod.Get ? envelope : writeAnswer),
                },
            };
            // A body is forwarded whatever the method, and held to what every route's is: JSON, sent as application/json,
            // at most 1 MiB, not too slowly.
            List<int> statuses = [400, 401, 403, 404, 409, 429, 500, 502, 503, 504, .. ErrorResponsesFilter.BodyRefusals];
            if (method == HttpMethod.Get)
            {
                // Agora's reads take their paging and filters in the query, which goes on as it came.
                operation.Parameters =
                [
                    new OpenApiParameter
                    {
                        // Form style, exploded: its keys are the query's names, the parameter's own name appears nowhere.
                        Name = "params",
                        In = ParameterLocation.Query,
                        Description = "Agora's query parameters for this call (`nextId`, `cmd`, `count`, …), forwarded as they are.",
                        Style = ParameterStyle.Form,
                        Explode = true,
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = RequestLine },
                        },
                    },
                ];
            }
            else
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Description = "Agora's body for this call, forwarded unchanged.",
                    Content = new Dictionary<string, IOpenApiMediaType> { ["application/json"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } } },
                };
            }
            AccessFilter.Require(operation, document);
            ErrorResponsesFilter.Add(operation, context, statuses.Order(), callsAgora: true);
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
                foreach (var responses in concrete.Operations.Values.Select(o => o.Responses).OfType<OpenApiResponses>())
                {
                    var sorted = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
                    responses.Clear();
                    sorted.ForEach(r => responses.Add(r.Key, r.Value));
                }
            }
            document.Paths[key] = item;
        }
        if (document.Components?.Schemas is { } schemas)
        {
            document.Components.Schemas = schemas.OrderBy(s => s.Key, StringComparer.Ordinal).ToDictionary();
        }
        var tags = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(t => t.Name).OfType<string>().Distinct().Order(StringComparer.Ordinal);
        document.Tags = new SortedSet<OpenApiTag>(tags.Select(name => new OpenApiTag { Name = name, Description = TagDescriptions.GetValueOrDefault(name) }),
            Comparer<OpenApiTag>.Create((a, b) => string.CompareOrdinal(a.Name, b.Name)));
    }
}
