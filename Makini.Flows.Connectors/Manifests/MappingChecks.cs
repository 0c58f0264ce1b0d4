using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Unified;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Connectors.Manifests;

/// <summary>
/// What the schema cannot say about a stream's mapping: an array rule (<c>items</c>) needs the pointer of its source
/// array, takes none of a value rule's properties, and is for an array field of the entity (or a field Makini does
/// not define); its items are checked the same way against the item schema.
/// </summary>
internal static class MappingChecks
{
    private static readonly string[] ValueRuleProperties = ["value", "type", "format", "values"];

    public static void Check(JsonNode? stream, string pointer, List<FlowProblem> problems)
    {
        if (stream?["mapping"] is not JsonObject mapping)
            return;
        var entity = (string?)stream["entity"] is { } name ? UnifiedModel.Find(name) : null;
        CheckFields(mapping, $"{pointer}/mapping", entity, problems);
    }

    private static void CheckFields(
        JsonObject mapping,
        string pointer,
        UnifiedEntity? schema,
        List<FlowProblem> problems
    )
    {
        foreach (var (field, rule) in mapping)
            if (rule is JsonObject obj && obj.ContainsKey("items"))
                CheckArrayRule(obj, $"{pointer}/{Escape(field)}", field, schema, problems);
    }

    private static void CheckArrayRule(
        JsonObject rule,
        string pointer,
        string field,
        UnifiedEntity? schema,
        List<FlowProblem> problems
    )
    {
        if (!rule.ContainsKey("path"))
            problems.Add(
                FlowProblem.Error(
                    ProblemCodes.Schema,
                    $"{pointer}/path",
                    $"the array rule of '{field}' needs 'path', the pointer to the source array its items are read from"
                )
            );
        foreach (var property in ValueRuleProperties.Where(rule.ContainsKey))
            problems.Add(
                FlowProblem.Error(
                    ProblemCodes.Schema,
                    $"{pointer}/{property}",
                    $"'{property}' does not apply to an array rule: map each item's fields in 'items'"
                )
            );
        var known = schema?.Fields.GetValueOrDefault(field);
        if (known is not null && known.Type != UnifiedTypes.Array)
        {
            problems.Add(
                FlowProblem.Error(
                    ProblemCodes.Schema,
                    $"{pointer}/items",
                    $"'{field}' is a {known.Type} field of {schema!.SchemaName}, not an array: only array fields take 'items'"
                        + ArrayFields(schema)
                )
            );
            return;
        }
        if (rule["items"] is JsonObject items)
            CheckFields(
                items,
                $"{pointer}/items",
                known?.ItemSchema is { } itemSchema ? UnifiedModel.Component(itemSchema) : null,
                problems
            );
    }

    private static string ArrayFields(UnifiedEntity schema)
    {
        var arrays = schema
            .Fields.Values.Where(f => f.Type == UnifiedTypes.Array)
            .Select(f => f.Name);
        var list = string.Join(", ", arrays);
        return list.Length == 0 ? "" : $" (its arrays: {list})";
    }

    private static string Escape(string name) => name.Replace("~", "~0").Replace("/", "~1");
}
