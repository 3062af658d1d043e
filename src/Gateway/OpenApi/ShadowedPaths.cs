using Microsoft.OpenApi;

namespace Gateway.OpenApi;

/// <summary>
/// OpenAPI matches a concrete path before a templated one, where ASP.NET routing takes the methods of both: a route of
/// its own for one value (<c>PATCH …/records/states/1</c>) beside a templated one (<c>PUT …/records/states/{state}</c>)
/// would hide the templated one's methods from every tool that reads the document (validators, mock servers, gateways
/// importing it), which would refuse a call the gateway answers. Such a route is described under the templated path,
/// its parameter limited to the one value.
/// </summary>
static class ShadowedPaths
{
    public static void Fold(OpenApiDocument document)
    {
        foreach (var concrete in document.Paths.Keys.ToList())
        {
            var methods = document.Paths[concrete].Operations?.Keys.ToHashSet() ?? [];
            // A concrete path with every method of the templated one (the quiz's and the poll's own reads) hides nothing.
            var templated = document.Paths.Keys.FirstOrDefault(t => Values(concrete, t).Count > 0
                && document.Paths[t].Operations?.Keys.Except(methods).Any() == true);
            if (templated is null || document.Paths[templated] is not OpenApiPathItem { Operations: { } operations }
                || document.Paths[concrete].Operations is not { } folded)
            {
                continue;
            }
            var values = Values(concrete, templated);
            foreach (var (method, operation) in folded)
            {
                if (!operations.TryAdd(method, operation))
                {
                    throw new InvalidOperationException($"{method} {concrete} and {method} {templated} are both routes, and the first hides the second's other methods: "
                        + "one path must serve every method of both.");
                }
                foreach (var (name, value) in values)
                {
                    operation.Parameters ??= [];
                    var before = ParameterNames(templated).TakeWhile(n => n != name).ToHashSet();
                    operation.Parameters.Insert(operation.Parameters.Count(p => p.In == ParameterLocation.Path && before.Contains(p.Name!)),
                        OneValue(name, value, operations.Values));
                }
            }
            document.Paths.Remove(concrete);
        }
    }

    /// <summary>The parameter as the templated path's other operations type it, taking <paramref name="value"/> only.</summary>
    static OpenApiParameter OneValue(string name, string value, IEnumerable<OpenApiOperation> operations)
    {
        var typed = operations.SelectMany(o => o.Parameters ?? []).FirstOrDefault(p => p.Name == name)?.Schema?.Type;
        var schema = new OpenApiSchema();
        if (typed == JsonSchemaType.Integer && int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            (schema.Type, schema.Format) = (JsonSchemaType.Integer, "int32");
            InputBoundsFilter.Values(schema, number);
        }
        else
        {
            schema.Type = JsonSchemaType.String;
            InputBoundsFilter.Words(schema, value);
        }
        return new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Path,
            Required = true,
            Description = $"Must be {value}: the path takes this method for no other value.",
            Schema = schema,
        };
    }

    /// <summary>
    /// The value <paramref name="concrete"/> gives each parameter of <paramref name="templated"/> where the two have the
    /// same segments but for those; none where they differ otherwise.
    /// </summary>
    static List<(string Name, string Value)> Values(string concrete, string templated)
    {
        var (mine, theirs) = (concrete.Split('/'), templated.Split('/'));
        var values = new List<(string, string)>();
        if (mine.Length != theirs.Length)
        {
            return values;
        }
        foreach (var (literal, segment) in mine.Zip(theirs).Where(s => s.First != s.Second))
        {
            if (Parameter(literal) is not null || Parameter(segment) is not { } name)
            {
                return [];
            }
            values.Add((name, literal));
        }
        return values;
    }

    static IEnumerable<string> ParameterNames(string path) => path.Split('/').Select(Parameter).OfType<string>();

    static string? Parameter(string segment) => segment is ['{', .. var name, '}'] ? name : null;
}
