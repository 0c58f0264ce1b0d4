using System.Text.Json.Nodes;

namespace Makini.Flows.Connectors.OpenApi;

/// <summary>
/// Reading only what changed: a query parameter that filters by modification time (<c>updatedAt[gte]</c>,
/// <c>updated_since</c>, <c>modifiedSince</c>...) and the record's modification-time field.
/// </summary>
public static class IncrementalDetector
{
    private static readonly string[] ChangeWords = ["updated", "modified", "changed"];

    // Lower bounds, best first: inclusive before exclusive.
    private static readonly string[] LowerBounds =
    [
        "gte",
        "gteq",
        "ge",
        "since",
        "after",
        "from",
        "min",
        "start",
        "gt",
    ];

    private static readonly string[] ModifiedFields =
    [
        "updatedat",
        "modifiedat",
        "lastmodified",
        "lastmodifiedat",
        "lastmodifieddate",
        "updatedon",
        "modifiedon",
        "datemodified",
        "datelastmodified",
        "lastupdated",
        "lastupdatedat",
        "updateddate",
        "modifieddate",
        "updatetime",
        "modifytime",
        "changedat",
        "updated",
        "modified",
    ];

    /// <summary>The incremental part of a stream, or null and why it was left out.</summary>
    public static (JsonObject? Spec, string? Warning) Detect(
        Operation operation,
        IReadOnlyList<KeyValuePair<string, JsonObject>> itemProperties
    )
    {
        var parameter = FindParameter(operation);
        var field = ModifiedFields
            .Select(name => itemProperties.FirstOrDefault(p => Names.Normalize(p.Key) == name))
            .FirstOrDefault(p => p.Key is not null);
        if (parameter is null)
            return (
                null,
                field.Key is null
                    ? $"{operation.Display}: read in full on every sync, no modification-time filter found"
                    : $"{operation.Display}: read in full on every sync, records have '{field.Key}' but no parameter filters by it"
            );
        if (field.Key is null)
            return (
                null,
                $"{operation.Display}: read in full on every sync, '{parameter.Name}' filters by modification time but no record field holds it"
            );
        return (
            new JsonObject
            {
                ["field"] = "/" + Names.PointerToken(field.Key),
                ["format"] = Format(parameter, field.Value),
                ["parameter"] = parameter.Name,
                ["lookBack"] = "PT5M",
            },
            null
        );
    }

    private static Parameter? FindParameter(Operation operation)
    {
        var query = operation
            .Query.Select(p => (Parameter: p, Name: Names.Normalize(p.Name)))
            .ToList();
        foreach (var bound in LowerBounds)
        foreach (var (parameter, name) in query)
            if (
                name.EndsWith(bound, StringComparison.Ordinal)
                && ChangeWords.Any(w => name.Contains(w, StringComparison.Ordinal))
            )
                return parameter;
        return query.FirstOrDefault(c => c.Name == "since").Parameter;
    }

    private static string Format(Parameter parameter, JsonObject field)
    {
        var format = parameter.Format ?? OpenApiSpec.Text(field["format"]);
        var type = parameter.Type ?? OpenApiSpec.Text(field["type"]);
        if (format == "date")
            return "yyyy-MM-dd";
        if (type is "integer" or "number")
            return
                (parameter.Description ?? "").Contains("milli", StringComparison.OrdinalIgnoreCase)
                || Names.Normalize(parameter.Name).EndsWith("ms", StringComparison.Ordinal)
                ? "epochMillis"
                : "epochSeconds";
        return "iso8601";
    }
}
