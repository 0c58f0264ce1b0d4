using System.Text.Json.Nodes;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Connectors.Mappings;

/// <summary>
/// A connection's mapping of one entity (docs/mappings.md): field rules overlaid on the connector's default mapping
/// (<c>null</c> removes one) and custom fields. Checked by <see cref="MappingReader"/> before it is one.
/// </summary>
public sealed class MappingDocument
{
    public const string FieldsProperty = "fields";
    public const string CustomFieldsProperty = "customFields";

    public MappingDocument(JsonObject json)
    {
        Json = json;
        Fields = json[FieldsProperty] as JsonObject ?? [];
        CustomFields = json[CustomFieldsProperty] as JsonObject ?? [];
    }

    /// <summary>No change to the connector's default.</summary>
    public static MappingDocument Default => new([]);

    /// <summary>The document as saved.</summary>
    public JsonObject Json { get; }

    public JsonObject Fields { get; }
    public JsonObject CustomFields { get; }

    public bool IsDefault => Fields.Count == 0 && CustomFields.Count == 0;

    /// <summary>Every source pointer the document reads, with where in the document it is written.</summary>
    public IEnumerable<(string Pointer, string Path)> SourcePaths()
    {
        foreach (var (name, rule) in Fields)
        {
            var at = $"/{FieldsProperty}/{JsonPointer.Escape(name)}";
            if (rule is JsonValue pointer && (string?)pointer is { } path)
                yield return (at, path);
            else if (rule is JsonObject obj && (string?)obj["path"] is { } rulePath)
                yield return ($"{at}/path", rulePath);
        }
        foreach (var (name, field) in CustomFields)
            if (field is JsonObject obj && (string?)obj["path"] is { } path)
                yield return ($"/{CustomFieldsProperty}/{JsonPointer.Escape(name)}/path", path);
    }

    /// <summary>The document without what does not change its meaning (<c>$schema</c>, <c>entity</c>).</summary>
    public JsonObject Canonical()
    {
        var canonical = new JsonObject();
        if (Fields.Count > 0)
            canonical[FieldsProperty] = Fields.DeepClone();
        if (CustomFields.Count > 0)
            canonical[CustomFieldsProperty] = CustomFields.DeepClone();
        return canonical;
    }
}
