namespace Classroom.Agora.Validation;

/// <summary>Collects messages per field (Agora's camelCase JSON path) while rules run.</summary>
sealed class FieldErrors
{
    readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }
        messages.Add(message);
    }

    public void Require(bool holds, string field, string message)
    {
        if (!holds)
        {
            Add(field, message);
        }
    }

    public void InRange(long? value, long min, long max, string field)
    {
        if (value is { } v && (v < min || v > max))
        {
            Add(field, $"must be from {min} to {max}");
        }
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
}
