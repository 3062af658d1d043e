namespace Classroom.Agora.Validation;

/// <summary>Collects messages per field (Agora's camelCase JSON path) while rules run.</summary>
sealed class FieldErrors
{
    /// <summary>
    /// The most fields one answer names, as ASP.NET Core MVC bounds its own (<c>MaxModelValidationErrors</c>, 200): a
    /// megabyte's body can break a rule for each of a third of a million items (a user list of <c>{}</c>), and an answer
    /// naming each would be some fifty times the request. The rest are checked all the same; the answer says so.
    /// </summary>
    public const int MaxFields = 200;

    /// <summary>What <see cref="Unnamed"/> says once fields past <see cref="MaxFields"/> broke the rules too.</summary>
    public static readonly string MoreFieldsRule = $"breaks the rules in more fields than the {MaxFields} named";

    /// <summary>The field that tells of the fields not named: the body as a whole.</summary>
    public const string Unnamed = "body";

    readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    bool _moreFields;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            if (_errors.Count >= MaxFields)
            {
                _moreFields = true;
                return;
            }
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

    public IReadOnlyDictionary<string, string[]> ToDictionary()
    {
        var errors = _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
        if (_moreFields)
        {
            errors[Unnamed] = [.. errors.GetValueOrDefault(Unnamed, []), MoreFieldsRule];
        }
        return errors;
    }
}
