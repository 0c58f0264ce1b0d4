using System.Text.RegularExpressions;
using Makini.Flows.Connectors.Unified;

namespace Makini.Flows.Server.Records;

/// <summary>
/// Resolves the field names of a query against the entity's unified fields. Only names made of letters, digits
/// and underscores pass, so a field name can be written into SQL (as a JSON path) without any way to inject.
/// </summary>
public static partial class RecordFields
{
    private const int MaxDepth = 4;
    private const string CustomFields = "customFields";

    /// <summary>The fields copied into columns of the records table, by unified name.</summary>
    private static readonly Dictionary<string, string> Columns = new(StringComparer.Ordinal)
    {
        ["key"] = "key",
        ["statusKey"] = "status_key",
        ["updatedAt"] = "updated_at",
    };

    public static RecordField? Resolve(UnifiedEntity entity, string name, out string? problem) =>
        Resolve(entity, name, null, out problem);

    /// <summary>
    /// The same, with the connection's custom fields by name and type (<c>customFields.costCenter</c>), so their
    /// values compare as their type.
    /// </summary>
    public static RecordField? Resolve(
        UnifiedEntity entity,
        string name,
        IReadOnlyDictionary<string, string>? customFields,
        out string? problem
    )
    {
        problem = null;
        var path = name.Split('.');
        if (path.Length > MaxDepth || !path.All(segment => Identifier().IsMatch(segment)))
        {
            problem = $"'{name}' is not a field name (letters, digits and '_', nested with '.')";
            return null;
        }
        if (path[0] == CustomFields)
        {
            if (path.Length == 2 && customFields?.GetValueOrDefault(path[1]) is { } type)
                return new RecordField(name, path, type, null);
            problem =
                path.Length == 2
                    ? $"this connection's {entity.Name} have no custom field '{path[1]}' (GET /api/eam/{entity.Name}/custom-fields lists them)"
                    : $"name a custom field as customFields.name";
            return null;
        }
        if (!entity.Fields.TryGetValue(path[0], out var field))
        {
            problem = $"{entity.Name} have no field '{path[0]}'";
            return null;
        }
        if (path.Length == 1)
            return new RecordField(name, path, field.Type, Columns.GetValueOrDefault(name));
        if (field.Type != "object")
        {
            problem = $"'{path[0]}' is a {field.Type}, not an object: it has no field '{path[1]}'";
            return null;
        }
        return new RecordField(name, path, RecordField.Text, null);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex Identifier();
}
