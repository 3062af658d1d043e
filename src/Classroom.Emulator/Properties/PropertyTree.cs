using System.Text.Json;
using System.Text.Json.Nodes;

namespace Classroom.Emulator.Properties;

/// <summary>
/// Custom properties as one JSON object, changed by key paths: <c>a.b</c> sets or deletes <c>b</c> inside <c>a</c>,
/// making the objects on the way as needed. Used under the store's lock.
/// </summary>
sealed class PropertyTree(JsonObject? initial = null)
{
    readonly JsonObject _root = initial ?? [];

    public static string[] PathOf(string dottedKey) => dottedKey.Split('.');

    public static JsonNode? NodeOf(JsonElement value) => JsonNode.Parse(value.GetRawText());

    /// <summary>Sets each dotted key in order; answers the changes as Agora's events show them, key → value.</summary>
    public JsonObject SetAll(IReadOnlyDictionary<string, JsonElement> changes, IReadOnlyList<string>? under = null)
    {
        var applied = new JsonObject();
        foreach (var (key, value) in changes)
        {
            Set([.. under ?? [], .. PathOf(key)], NodeOf(value));
            applied[key] = NodeOf(value);
        }
        return applied;
    }

    /// <summary>Deletes each dotted key that exists; answers what went, key → the value it had.</summary>
    public JsonObject RemoveAll(IEnumerable<string> keys, IReadOnlyList<string>? under = null)
    {
        var removed = new JsonObject();
        foreach (var key in keys.Distinct(StringComparer.Ordinal))
        {
            if (Remove([.. under ?? [], .. PathOf(key)], out var former))
            {
                removed[key] = former;
            }
        }
        return removed;
    }

    /// <summary>A value on the way that is not an object gives way to one.</summary>
    public void Set(IReadOnlyList<string> path, JsonNode? value)
    {
        var parent = _root;
        foreach (var part in path.Take(path.Count - 1))
        {
            if (parent[part] is not JsonObject child)
            {
                parent[part] = child = [];
            }
            parent = child;
        }
        parent[path[^1]] = value;
    }

    public bool Remove(IReadOnlyList<string> path, out JsonNode? former)
    {
        former = null;
        if (Find(path.Take(path.Count - 1).ToArray()) is not JsonObject parent || !parent.ContainsKey(path[^1]))
        {
            return false;
        }
        former = parent[path[^1]];
        parent.Remove(path[^1]);
        return true;
    }

    public JsonNode? Find(IReadOnlyList<string> path)
    {
        JsonNode? node = _root;
        foreach (var part in path)
        {
            node = node is JsonObject parent && parent.TryGetPropertyValue(part, out var child) ? child : null;
        }
        return node;
    }

    public JsonObject Snapshot() => (JsonObject)_root.DeepClone();
}
