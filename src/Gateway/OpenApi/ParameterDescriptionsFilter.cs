using Classroom.Agora.Validation;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway.OpenApi;

/// <summary>Describes parameters by name, so that every route naming a room, a cursor or a cmd says the same about it.</summary>
public sealed class ParameterDescriptionsFilter : IOperationFilter
{
    static readonly Dictionary<string, string> Descriptions = new()
    {
        ["roomUuid"] = "The classroom's id: " + AgoraIds.Rule + ".",
        ["userUuid"] = "The user's id (their Agora uid): " + AgoraIds.Rule + ".",
        ["resourceUuid"] = "The resource's id: " + AgoraIds.Rule + ".",
        ["state"] = "The state to set; the summary lists the values.",
        ["nextId"] = "The `nextId` of the previous page; absent for the first page.",
        ["cmd"] = "Only events of this cmd: 1 class state, 3 chat message, 20 users entered or left, 1001 recording state, "
            + "1003 public resources changed, 1101 rewards, 1501 on stage, 1502 hands raised.",
        ["roomType"] = "Web-mode recording with a URL the gateway builds: the classroom's type, 0 one-to-one, 2 lecture hall, 4 small class.",
        ["language"] = "Web-mode recording with a URL the gateway builds: the page's language, `en` (default) or `zh`.",
        ["after"] = "The cursor to go on from: `next` of the previous answer; absent to start at the beginning.",
        ["limit"] = "How many events at most.",
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (string.IsNullOrEmpty(parameter.Description) && parameter.Name is { } name && Descriptions.TryGetValue(name, out var text))
            {
                parameter.Description = text;
            }
        }
    }
}
