using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway.OpenApi;

/// <summary>
/// The headers every answer carries, on every response of every operation: <c>X-Request-Id</c>, and on a 401 the
/// challenge <c>WWW-Authenticate: Bearer</c>. After the operation filters, so that every response they added has them.
/// </summary>
public sealed class ResponseHeadersFilter : IDocumentFilter
{
    static readonly OpenApiHeader RequestId = new()
    {
        Description = "The request's id: the client's own `X-Request-Id` when it is at most 128 visible ASCII characters, else one the gateway "
            + "made. A problem's `traceId` names it when no trace is recorded.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = Telemetry.RequestCorrelation.MaxLength },
    };

    static readonly OpenApiHeader Challenge = new()
    {
        Description = "`Bearer`: the sign-in the gateway asks for.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        // Described once among the components, and referred to from each response.
        document.Components ??= new OpenApiComponents();
        document.Components.Headers ??= new Dictionary<string, IOpenApiHeader>();
        document.Components.Headers[Telemetry.RequestCorrelation.Header] = RequestId;
        document.Components.Headers["WWW-Authenticate"] = Challenge;
        var requestId = new OpenApiHeaderReference(Telemetry.RequestCorrelation.Header, document);
        var challenge = new OpenApiHeaderReference("WWW-Authenticate", document);
        foreach (var (status, answer) in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).SelectMany(o => o.Responses ?? []))
        {
            if (answer is not OpenApiResponse response)
            {
                continue;
            }
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers[Telemetry.RequestCorrelation.Header] = requestId;
            if (status == "401")
            {
                response.Headers["WWW-Authenticate"] = challenge;
            }
        }
    }
}
