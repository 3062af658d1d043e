using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Classroom.Agora.Validation;
using Gateway.Sandbox;
using Gateway.Security;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway.OpenApi;

/// <summary>
/// The bounds the gateway keeps on what it takes in, stated from the rules that keep them (Agora's ids, names, ranges
/// and lists of values): a client generated from the document refuses what the gateway would refuse. A string with no
/// rule of its own is bounded by the body it travels in; an integer by its type. A field the rules require is required.
/// </summary>
public sealed class InputBoundsFilter : ISchemaFilter
{
    /// <summary>What a name's bound (<see cref="AgoraIds.IsUnder64Bytes"/>) means, which <c>maxLength</c> in characters cannot say.</summary>
    public const string NameRule = "Under 64 bytes of UTF-8: up to 63 ASCII characters, fewer of other scripts (`é` takes 2 bytes, most CJK characters 3).";

    /// <summary>The create body's, which the join's body is when it creates the room.</summary>
    static readonly Dictionary<string, Action<OpenApiSchema>> CreateRoom = new()
    {
        ["roomName"] = RequiredName,
        ["roomType"] = s => Values(s, CreateRoomRequest.RoomTypes),
        ["roleConfig"] = RoleNumbers,
    };

    /// <summary>The fields each body's rules refuse to go without (a join's body is empty or a whole create body).</summary>
    static readonly Dictionary<Type, string[]> Required = new()
    {
        [typeof(CreateRoomRequest)] = ["roomName", "roomType"],
        [typeof(UploadResourceRequest)] = ["size", "ext", "url"],
        [typeof(ResourceConversion)] = ["type"],
        [typeof(DeleteResourcesRequest)] = ["resourceUuid"],
        [typeof(DirtyState)] = ["state"],
        [typeof(SandboxEndpoints.DevTokenRequest)] = ["sub"],
        [typeof(SetPropertiesRequest)] = ["properties"],
        [typeof(DeletePropertiesRequest)] = ["properties"],
        [typeof(BreakoutGroupsRequest)] = ["groups"],
        [typeof(BreakoutGroup)] = ["users"],
        [typeof(BreakoutGroupUser)] = ["userUuid"],
        [typeof(UpdateRecordingRequest)] = ["webRecordConfig"],
        [typeof(SetWidgetUserRequest)] = ["extra"],
        [typeof(DeleteWidgetPropertiesRequest)] = ["extra"],
    };

    static readonly Dictionary<Type, Dictionary<string, Action<OpenApiSchema>>> Properties = new()
    {
        [typeof(CreateRoomRequest)] = CreateRoom,
        [typeof(Launch.JoinRequest)] = CreateRoom,
        [typeof(RoomSchedule)] = new()
        {
            ["startTime"] = s => Range(s, 0, long.MaxValue),
            ["duration"] = s => Range(s, 1, RoomRules.MaxScheduleDurationSeconds),
            ["closeDelay"] = s => Range(s, 0, long.MaxValue),
        },
        [typeof(RoleConfig)] = new() { ["limit"] = s => Range(s, 0, int.MaxValue) },
        [typeof(RoleDefaultStream)] = new() { ["state"] = Switch, ["videoState"] = Switch, ["audioState"] = Switch },
        [typeof(InitialWidget)] = new() { ["state"] = Switch },
        [typeof(HandsUpSettings)] = new() { ["maxAccept"] = s => Range(s, 0, int.MaxValue), ["defaultAcceptRole"] = InBody },
        [typeof(DirtyState)] = new()
        {
            ["state"] = s => Values(s, DirtyState.Clean, DirtyState.Dirty),
            ["duration"] = s => Range(s, 0, RoomRules.MaxDirtyDurationSeconds),
        },
        [typeof(RecordingStateRequest)] = new()
        {
            ["mode"] = s => Words(s, RecordingStateRequest.WebMode),
            ["retryTimeout"] = s => Range(s, RecordingRules.MinRetryTimeout, RecordingRules.MaxRetryTimeout),
        },
        [typeof(WebRecordConfig)] = new()
        {
            ["url"] = Url,
            ["rootUrl"] = Url,
            ["videoBitrate"] = s => Range(s, RecordingRules.MinVideoBitrate, RecordingRules.MaxVideoBitrate),
            ["videoFps"] = s => Range(s, RecordingRules.MinVideoFps, RecordingRules.MaxVideoFps),
            ["audioProfile"] = s => Values(s, 0, 1, 2),
            ["videoWidth"] = s => Range(s, RecordingRules.MinVideoSide, RecordingRules.MaxVideoSide),
            ["videoHeight"] = s => Range(s, RecordingRules.MinVideoSide, RecordingRules.MaxVideoSide),
            ["maxRecordingHour"] = s => Range(s, RecordingRules.MinRecordingHour, RecordingRules.MaxRecordingHour),
        },
        [typeof(UploadResourceRequest)] = new()
        {
            ["resourceName"] = Name,
            ["ext"] = s => Words(s, [.. ResourceRules.Extensions]),
            ["url"] = Url,
            ["size"] = s => Range(s, 0, long.MaxValue),
        },
        [typeof(ResourceConversion)] = new()
        {
            ["type"] = s => Words(s, ResourceConversion.StaticType, ResourceConversion.DynamicType),
            ["scale"] = s => { s.Minimum = ResourceRules.MinScale.ToString(CultureInfo.InvariantCulture); s.Maximum = ResourceRules.MaxScale.ToString(CultureInfo.InvariantCulture); },
            ["outputFormat"] = s => Words(s, [.. ResourceRules.OutputFormats]),
        },
        [typeof(DeleteResourcesRequest)] = new() { ["resourceUuid"] = s => { s.MinItems = 1; Id(Items(s)); } },
        [typeof(SetPropertiesRequest)] = new() { ["properties"] = Changes },
        [typeof(DeletePropertiesRequest)] = new() { ["properties"] = Keys },
        [typeof(BreakoutGroupsRequest)] = new() { ["groups"] = s => { s.MinItems = 1; s.MaxItems = GroupRules.MaxGroups; } },
        [typeof(BreakoutGroup)] = new() { ["groupUuid"] = Id, ["groupName"] = Name },
        [typeof(BreakoutGroupUser)] = new() { ["userUuid"] = Id },
        [typeof(SetWidgetRequest)] = new()
        {
            // May be empty beside a state or an owner (WidgetRules: extra, state or ownerUserUuid).
            ["extra"] = s => s.MaxProperties = PropertyRules.MaxKeys,
            ["state"] = s => Values(s, SetWidgetRequest.Closed, SetWidgetRequest.Open),
            ["ownerUserUuid"] = Id,
        },
        [typeof(SetWidgetUserRequest)] = new() { ["extra"] = Changes },
        [typeof(DeleteWidgetPropertiesRequest)] = new() { ["extra"] = Keys },
        [typeof(SandboxEndpoints.DevTokenRequest)] = new()
        {
            ["sub"] = Uid,
            ["roles"] = s => Words(Items(s), [.. Identity.Caller.SchoolRoles]),
            ["name"] = s => { Name(s); s.MinLength = 1; },
            ["rooms"] = s => { s.MaxItems = SandboxEndpoints.MaxRooms; RoomOrEveryRoom(Items(s)); },
            ["lifetimeSeconds"] = s => Range(s, 60, 86_400),
        },
    };

    /// <summary>The fields a body must have, as its rules say; a body that is all optional is not listed.</summary>
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete)
        {
            return;
        }
        if (concrete.Type?.HasFlag(JsonSchemaType.Integer) == true && concrete.Minimum is null && concrete.Maximum is null)
        {
            TypeRange(concrete, Nullable.GetUnderlyingType(context.Type) ?? context.Type);
        }
        if (Properties.TryGetValue(context.Type, out var bounds) && concrete.Properties is { } properties)
        {
            foreach (var (name, bound) in bounds)
            {
                if (properties.TryGetValue(name, out var property) && property is OpenApiSchema inline)
                {
                    bound(inline);
                }
            }
        }
        if (Required.TryGetValue(context.Type, out var required))
        {
            concrete.Required = new SortedSet<string>(required, StringComparer.Ordinal);
        }
        if (context.Type == typeof(UpdateRecordingRequest) && concrete.Properties?.TryGetValue("webRecordConfig", out var config) == true)
        {
            concrete.Properties["webRecordConfig"] = WithRequiredOnHold(config);
        }
    }

    /// <summary>
    /// <c>webRecordConfig</c> as an update takes it: the shared settings, of which <c>onhold</c> is required here only
    /// (a start may leave it out).
    /// </summary>
    static OpenApiSchema WithRequiredOnHold(IOpenApiSchema settings) => new()
    {
        AllOf =
        [
            settings,
            new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new SortedSet<string>(["onhold"], StringComparer.Ordinal),
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["onhold"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "True pauses the recording, false resumes it." },
                },
            },
        ],
    };

    /// <summary>A character of an id (<see cref="AgoraIds.Characters"/>), as a regular expression's class.</summary>
    static readonly string IdCharacter = "[A-Za-z0-9" + EscapeForClass(AgoraIds.Characters.Where(c => !char.IsAsciiLetterOrDigit(c))) + "]";

    /// <summary>A room, user or resource id: <see cref="AgoraIds.Rule"/>.</summary>
    public static void Id(OpenApiSchema schema)
    {
        schema.MinLength = 1;
        schema.MaxLength = AgoraIds.MaxBytes;
        schema.Pattern = $"^{IdCharacter}+$";
    }

    /// <summary>A caller's uid: an id with no space at either end, <c>AgoraIdsFilter.IsUid</c>.</summary>
    static void Uid(OpenApiSchema schema)
    {
        Id(schema);
        var edge = "[A-Za-z0-9" + EscapeForClass(AgoraIds.Characters.Where(c => !char.IsAsciiLetterOrDigit(c) && c != ' ')) + "]";
        schema.Pattern = $"^{edge}(?:{IdCharacter}*{edge})?$";
    }

    /// <summary>A room of a sandbox token's rooms claim: a room id, or <c>*</c> for every room.</summary>
    static void RoomOrEveryRoom(OpenApiSchema schema)
    {
        Id(schema);
        schema.Pattern = $"^(?:\\{Identity.Caller.AllRooms}|{IdCharacter}+)$";
    }

    public static void Range(OpenApiSchema schema, long minimum, long maximum)
    {
        schema.Minimum = minimum.ToString(CultureInfo.InvariantCulture);
        schema.Maximum = maximum.ToString(CultureInfo.InvariantCulture);
    }

    public static void Values(OpenApiSchema schema, params int[] values)
    {
        Range(schema, values.Min(), values.Max());
        schema.Enum = [.. values.Select(v => (JsonNode)v)];
    }

    public static void Words(OpenApiSchema schema, params string[] words)
    {
        schema.MaxLength = words.Max(w => w.Length);
        schema.Enum = [.. words.Select(w => (JsonNode)w)];
    }

    static void Switch(OpenApiSchema schema) => Values(schema, 0, 1);

    /// <summary><c>roleConfig</c> names roles by number: an object with those keys only, each the role's settings.</summary>
    static void RoleNumbers(OpenApiSchema schema)
    {
        var settings = schema.AdditionalProperties ?? throw new InvalidOperationException("roleConfig is expected to map role numbers to settings.");
        schema.Properties = RoomRules.ConfigurableRoles.ToDictionary(role => role, _ => settings);
        schema.AdditionalProperties = null;
        schema.AdditionalPropertiesAllowed = false;
    }

    /// <summary>A string with no rule of its own (or the string a number-or-string may be): no longer than the body that carries it.</summary>
    static void InBody(OpenApiSchema schema)
    {
        foreach (var text in schema.OneOf?.OfType<OpenApiSchema>().Where(s => s.Type?.HasFlag(JsonSchemaType.String) == true) ?? [schema])
        {
            text.MaxLength = RequestLimits.MaxBodyBytes;
        }
    }

    /// <summary>
    /// A name Agora bounds by its UTF-8 length (under 64 bytes), which JSON Schema cannot state: as many characters at most,
    /// and the bytes in words, since a name of fewer characters outside ASCII may still be refused.
    /// </summary>
    static void Name(OpenApiSchema schema)
    {
        schema.MaxLength = AgoraIds.MaxBytes;
        schema.Description = NameRule;
    }

    /// <summary>A name the rules require (<see cref="RoomRules.NamePattern"/>): not empty, nor only white space.</summary>
    static void RequiredName(OpenApiSchema schema)
    {
        Name(schema);
        schema.MinLength = 1;
        schema.Pattern = RoomRules.NamePattern;
    }

    /// <summary>Properties to set: at most <see cref="PropertyRules.MaxKeys"/>, each under a key or dotted path.</summary>
    static void Changes(OpenApiSchema schema)
    {
        schema.MinProperties = 1;
        schema.MaxProperties = PropertyRules.MaxKeys;
    }

    /// <summary>Keys or dotted paths to delete: at most <see cref="PropertyRules.MaxKeys"/>, each at most <see cref="PropertyRules.MaxKeyLength"/> characters and of the shape <see cref="PropertyRules.KeyPattern"/> states.</summary>
    static void Keys(OpenApiSchema schema)
    {
        schema.MinItems = 1;
        schema.MaxItems = PropertyRules.MaxKeys;
        var key = Items(schema);
        key.MinLength = 1;
        key.MaxLength = PropertyRules.MaxKeyLength;
        key.Pattern = PropertyRules.KeyPattern;
    }

    static void Url(OpenApiSchema schema)
    {
        schema.Format = "uri";
        schema.Pattern = HttpUrls.Pattern;
        InBody(schema);
    }

    static OpenApiSchema Items(OpenApiSchema array) => array.Items as OpenApiSchema
        ?? throw new InvalidOperationException("A list of strings is expected to have its item schema inline.");

    static void TypeRange(OpenApiSchema schema, Type type)
    {
        if (type == typeof(int))
        {
            Range(schema, int.MinValue, int.MaxValue);
        }
        else if (type == typeof(long))
        {
            Range(schema, long.MinValue, long.MaxValue);
        }
    }

    static string EscapeForClass(IEnumerable<char> characters)
    {
        var escaped = new StringBuilder();
        foreach (var c in characters)
        {
            escaped.Append(c is '\\' or ']' or '[' or '^' or '-' ? "\\" + c : c.ToString());
        }
        return escaped.ToString();
    }
}
