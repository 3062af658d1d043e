using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway.OpenApi;

/// <summary>
/// What the gateway writes itself — its own answers, Agora's envelope, the events of its log — always carries each field
/// that is neither nullable nor left out: those are required, so a generated client reads them without checks. A typed
/// envelope always carries its <c>data</c>, never null; so does a property marked <see cref="AlwaysAnsweredAttribute"/>. Agora's own answers, passed through, promise no such thing and keep every
/// field optional.
/// </summary>
public sealed class AnswerFieldsFilter : ISchemaFilter
{
    static readonly Assembly Gateway = typeof(AnswerFieldsFilter).Assembly;

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties.Count: > 0 } concrete || !IsWrittenByTheGateway(context.Type))
        {
            return;
        }
        var nullability = new NullabilityInfoContext();
        var properties = context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var answered = properties.Where(p => p.GetCustomAttribute<AlwaysAnsweredAttribute>() is not null).Select(NameOf).ToList();
        foreach (var name in answered)
        {
            if (concrete.Properties.TryGetValue(name, out var property) && property is OpenApiSchema inline)
            {
                inline.Type &= ~JsonSchemaType.Null;
            }
        }
        var names = properties
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null && p.GetCustomAttribute<JsonExtensionDataAttribute>() is null
                && nullability.Create(p).ReadState == NullabilityState.NotNull)
            .Select(NameOf)
            .Concat(answered);
        if (IsEnvelope(context.Type))
        {
            names = names.Append("data");
            if (concrete.Properties.TryGetValue("data", out var data) && data is OpenApiSchema inline)
            {
                inline.Type &= ~JsonSchemaType.Null;
            }
        }
        concrete.Required = new SortedSet<string>(names.Where(concrete.Properties.ContainsKey).Concat(concrete.Required ?? Enumerable.Empty<string>()), StringComparer.Ordinal);
    }

    static string NameOf(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    static bool IsEnvelope(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(AgoraEnvelope<>);

    static bool IsWrittenByTheGateway(Type type) =>
        type.Assembly == Gateway || IsEnvelope(type) || type == typeof(AgoraEmptyEnvelope) || type == typeof(AgoraEvent);
}

/// <summary>A property every answer carries, though the type leaves it out where it is stored (an audit entry's position).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AlwaysAnsweredAttribute : Attribute;
