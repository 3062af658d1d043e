using Classroom.Agora.Validation;
using Gateway.Events;
using Gateway.Forwarding;
using Gateway.Recordings;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway.OpenApi;

/// <summary>
/// Describes and bounds parameters by name, so that every route naming a room, a cursor or a cmd says the same about it.
/// Those the handlers read as text and parse themselves (a state, a cmd, a limit) are stated as the numbers they take,
/// and a route's own values (<see cref="ParameterValuesMetadata"/>) and answer headers (<see cref="ResponseHeaderMetadata"/>) are added.
/// </summary>
public sealed class ParameterDescriptionsFilter : IOperationFilter
{
    static readonly Dictionary<string, string> Descriptions = new()
    {
        ["roomUuid"] = "The classroom's id: " + AgoraIds.Rule + ".",
        ["userUuid"] = "The user's id (their Agora uid): " + AgoraIds.Rule + ".",
        ["resourceUuid"] = "The resource's id: " + AgoraIds.Rule + ".",
        ["widgetUuid"] = "The widget's id (`popupQuiz` the quiz, `poll` the poll, or any other widget's): " + AgoraIds.Rule + ".",
        ["state"] = "The state to set; the summary lists the values.",
        ["nextId"] = "The `nextId` of the previous page; absent for the first page.",
        ["cmd"] = "Only events of this cmd: 1 class state, 3 chat message, 20 users entered or left, 1001 recording state, "
            + "1003 public resources changed, 1101 rewards, 1501 on stage, 1502 hands raised.",
        ["roomType"] = "Web-mode recording with a URL the gateway builds: the classroom's type, 0 one-to-one, 2 lecture hall, 4 small class, 10 cloud class.",
        ["language"] = "The classroom's language (the join's, or the page a web-mode recording opens): `en` (default) or `zh`.",
        ["userId"] = "Only entries whose actor or target is this user (a passthrough call whose path acts on the user included): " + AgoraIds.Rule + ".",
        ["after"] = "The cursor to go on from: `next` of the previous answer; absent to start at the beginning.",
        ["limit"] = $"How many at most: 1 to {EventLogEndpoints.MaxLimit}, {EventLogEndpoints.DefaultLimit} when absent.",
        ["ticket"] = "Instead of `Authorization`, for a browser's `EventSource`: a ticket from `POST …/events/ticket`, good for one stream, "
            + "over HTTPS: one sent over plain HTTP where the gateway redirects it to HTTPS is spent and refused (403).",
        ["count"] = "How many events at most (1 to 100; Agora's default 100).",
    };

    static readonly Dictionary<string, Func<OpenApiSchema>> Schemas = new()
    {
        ["roomUuid"] = Id,
        ["userUuid"] = Id,
        ["resourceUuid"] = Id,
        ["widgetUuid"] = Id,
        ["userId"] = Id,
        ["state"] = () => Integer(0, 2),
        ["nextId"] = () => new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = PageQuery.MaxNextIdLength, Pattern = PageQuery.NextIdPattern },
        ["cmd"] = () => Integer(0, int.MaxValue),
        ["roomType"] = () => Bounded(new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            s => InputBoundsFilter.Values(s, CreateRoomRequest.RoomTypes)),
        ["language"] = () => Bounded(new OpenApiSchema { Type = JsonSchemaType.String }, s => InputBoundsFilter.Words(s, RecordingsEndpoints.Languages)),
        ["after"] = Cursor,
        ["lastEventId"] = Cursor,
        ["Last-Event-ID"] = Cursor,
        ["limit"] = () => Integer(1, EventLogEndpoints.MaxLimit),
        ["ticket"] = () => new OpenApiSchema
        {
            Type = JsonSchemaType.String, MinLength = StreamTickets.Length, MaxLength = StreamTickets.Length, Pattern = "^[A-Za-z0-9_-]+$",
        },
        ["count"] = () => Integer(1, PageQuery.MaxCount),
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (string.IsNullOrEmpty(parameter.Description) && parameter.Name is { } name && Descriptions.TryGetValue(name, out var text))
            {
                parameter.Description = text;
            }
            if (parameter.Name is { } named && Schemas.TryGetValue(named, out var schema))
            {
                parameter.Schema = schema();
            }
            // A page of events names the next by its sequence number, a page of recordings by a record id (PageQuery). Text
            // of digits rather than an integer: a cursor, not an id to count through, as OWASP's rules read an integer *Id.
            if (parameter.Name == "nextId" && context.ApiDescription.RelativePath?.EndsWith("/sequences", StringComparison.Ordinal) == true)
            {
                parameter.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String, MaxLength = 10, Pattern = DecimalText.Pattern,
                    Description = $"A sequence number, 0 to {int.MaxValue}, without a leading zero.",
                };
            }
        }
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        foreach (var values in metadata.OfType<ParameterValuesMetadata>())
        {
            if (operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == values.Name) is { Schema: OpenApiSchema schema })
            {
                InputBoundsFilter.Values(schema, [.. values.Values]);
            }
        }
        foreach (var header in metadata.OfType<ResponseHeaderMetadata>())
        {
            foreach (var success in operation.Responses?.Where(r => r.Key.StartsWith('2')).Select(r => r.Value).OfType<OpenApiResponse>() ?? [])
            {
                success.Headers ??= new Dictionary<string, IOpenApiHeader>();
                success.Headers[header.Name] = new OpenApiHeader
                {
                    Description = header.Description,
                    Required = true,
                    Schema = Bounded(new OpenApiSchema { Type = JsonSchemaType.String }, s => InputBoundsFilter.Words(s, [.. header.Values])),
                };
            }
        }
    }

    static OpenApiSchema Id() => Bounded(new OpenApiSchema { Type = JsonSchemaType.String }, InputBoundsFilter.Id);

    /// <summary>An event's id or a page's <c>next</c>: the base64url text of a position in the event log.</summary>
    static OpenApiSchema Cursor() =>
        new() { Type = JsonSchemaType.String, MaxLength = EventCursor.MaxOpaqueLength, Pattern = "^[A-Za-z0-9_-]+$" };

    static OpenApiSchema Integer(long minimum, long maximum) =>
        Bounded(new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" }, s => InputBoundsFilter.Range(s, minimum, maximum));

    static OpenApiSchema Bounded(OpenApiSchema schema, Action<OpenApiSchema> bound)
    {
        bound(schema);
        return schema;
    }
}
