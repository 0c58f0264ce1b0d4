using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Makini.Flows.Connectors.Unified;

/// <summary>
/// Reads <c>makini-eam-schemas.json</c>. Makini's spec types every time as a plain string (format <c>string</c>);
/// its examples show which strings are times (<c>2013-05-13T09:24:28Z</c>), so a string field whose example is one
/// is a <see cref="UnifiedTypes.DateTime"/>.
/// </summary>
internal static partial class UnifiedSchemaDocument
{
    public const string ResourceName = "makini-eam-schemas.json";
    private const string ReferencePrefix = "#/components/schemas/";

    private static readonly Lazy<string> LazyText = new(() =>
    {
        using var stream =
            typeof(UnifiedSchemaDocument).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The component schemas, parsed anew for each caller (a JSON tree is not safe to share across threads).</summary>
    public static JsonObject Components() =>
        JsonNode.Parse(LazyText.Value)!["components"]!["schemas"]!.AsObject();

    public static UnifiedEntity Entity(
        JsonObject components,
        string name,
        string schemaName,
        string eventName
    )
    {
        var schema =
            components[schemaName] as JsonObject
            ?? throw new InvalidOperationException($"{ResourceName} has no schema {schemaName}");
        var example = schema["example"] as JsonObject;
        var fields = new Dictionary<string, UnifiedField>(StringComparer.Ordinal);
        foreach (var (field, property) in schema["properties"]!.AsObject())
            fields[field] = new UnifiedField(
                field,
                TypeOf(property!.AsObject(), example?[field]),
                ItemSchemaOf(property.AsObject())
            );
        return new UnifiedEntity(name, schemaName, eventName, fields);
    }

    public static JsonObject ValidationSchema(string schemaName)
    {
        var components = Components();
        var definitions = new JsonObject();
        foreach (var (name, schema) in components)
            // Makini publishes Dimension as [] (no schema at all): anything is allowed there.
            definitions[name] = schema is JsonObject ? Rebased(schema) : new JsonObject();
        var root = Rebased(components[schemaName]!).AsObject();
        root["definitions"] = definitions;
        return root;
    }

    private static string TypeOf(JsonObject property, JsonNode? example) =>
        (string?)property["type"] switch
        {
            "string"
                when example is JsonValue value
                    && value.TryGetValue(out string? text)
                    && IsoTime().IsMatch(text) => UnifiedTypes.DateTime,
            "string" => UnifiedTypes.String,
            "number" => UnifiedTypes.Number,
            "integer" => UnifiedTypes.Integer,
            "boolean" => UnifiedTypes.Boolean,
            "array" => UnifiedTypes.Array,
            _ => UnifiedTypes.Object,
        };

    private static string? ItemSchemaOf(JsonObject property) =>
        (string?)property["items"]?["$ref"] is { } reference
        && reference.StartsWith(ReferencePrefix, StringComparison.Ordinal)
            ? reference[ReferencePrefix.Length..]
            : null;

    private static JsonNode Rebased(JsonNode schema)
    {
        var copy = schema.DeepClone();
        Rebase(copy);
        return copy;
    }

    private static void Rebase(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (
                    (string?)(obj["$ref"] as JsonValue) is { } reference
                    && reference.StartsWith(ReferencePrefix, StringComparison.Ordinal)
                )
                    obj["$ref"] = "#/definitions/" + reference[ReferencePrefix.Length..];
                foreach (var (_, child) in obj)
                    Rebase(child);
                break;
            case JsonArray array:
                foreach (var child in array)
                    Rebase(child);
                break;
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")]
    private static partial Regex IsoTime();
}
