using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Flows.Connectors.Unified;

/// <summary>
/// The item mapping of an array rule (<c>{"path": "/items", "items": {...}}</c>), compiled once: each object of the
/// source array is projected like a record, its pointers read from the item, its fields typed by the item schema
/// (<c>Task</c>, <c>POLineItem</c>). An item's <c>key</c> is its mapped key, else its position in the source array
/// (1, 2...). An item that is not an object is left out and named in the unconvertible list; it never fails the page.
/// </summary>
internal sealed class ItemPlan
{
    private static readonly UnifiedEntity Schemaless = new(
        "",
        "",
        "",
        new Dictionary<string, UnifiedField>()
    );

    private readonly FieldRule[] _fields;
    private readonly TopLevelFields _topLevel;
    private readonly int _keyIndex;

    private readonly bool _writeNulls;

    private ItemPlan(FieldRule[] fields, bool writeNulls = false)
    {
        _writeNulls = writeNulls;
        _fields = fields;
        _keyIndex = Array.FindIndex(fields, f => f.Name == ProjectionPlan.KeyField);
        _topLevel = ProjectionPlan.Slotted(fields.Select(f => f.Path));
    }

    /// <summary>Compiles an item mapping for items of <paramref name="itemSchema"/> (null: typed by name only).</summary>
    public static ItemPlan Compile(JsonObject mapping, UnifiedEntity? itemSchema) =>
        Compile(mapping, itemSchema, writeNulls: false);

    /// <summary>
    /// Compiles a mapping; <paramref name="writeNulls"/> writes a field without a value as null instead of leaving it
    /// out (a connection's custom fields are in every record).
    /// </summary>
    public static ItemPlan Compile(JsonObject mapping, UnifiedEntity? itemSchema, bool writeNulls)
    {
        var entity = itemSchema ?? Schemaless;
        var fields = mapping.Select(m => FieldRule.Compile(m.Key, m.Value!, entity)).ToList();
        if (
            entity.Fields.ContainsKey(ProjectionPlan.KeyField)
            && !mapping.ContainsKey(ProjectionPlan.KeyField)
        )
            fields.Add(FieldRule.Unmapped(ProjectionPlan.KeyField, entity));
        fields.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new ItemPlan([.. fields], writeNulls);
    }

    /// <summary>
    /// Writes <paramref name="field"/> as an array of the source's items (a single object is a one-item array).
    /// A source that holds neither is not written, and named unconvertible.
    /// </summary>
    public void WriteArray(
        Utf8JsonWriter writer,
        FieldRule field,
        JsonElement source,
        string prefix,
        ref List<string>? unconvertible
    )
    {
        if (source.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object))
        {
            (unconvertible ??= []).Add(prefix + field.Name);
            return;
        }
        writer.WritePropertyName(field.EncodedName);
        writer.WriteStartArray();
        var topLevel = new JsonElement[_topLevel.Count];
        if (source.ValueKind == JsonValueKind.Object)
            WriteObject(writer, source, 0, topLevel, $"{prefix}{field.Name}/0/", ref unconvertible);
        else
        {
            var index = 0;
            foreach (var item in source.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object)
                    WriteObject(
                        writer,
                        item,
                        index,
                        topLevel,
                        $"{prefix}{field.Name}/{index}/",
                        ref unconvertible
                    );
                else
                    (unconvertible ??= []).Add($"{prefix}{field.Name}/{index}");
                index++;
            }
        }
        writer.WriteEndArray();
    }

    /// <summary>
    /// Writes <paramref name="field"/> as an object whose fields this plan maps from <paramref name="record"/> itself.
    /// </summary>
    public void WriteRecordObject(
        Utf8JsonWriter writer,
        FieldRule field,
        JsonElement record,
        ref List<string>? unconvertible
    )
    {
        writer.WritePropertyName(field.EncodedName);
        WriteObject(
            writer,
            record,
            0,
            new JsonElement[_topLevel.Count],
            field.Name + ".",
            ref unconvertible
        );
    }

    /// <summary>
    /// One item as a JSON object (its fields in ordinal order) and its key (null when the item schema has none),
    /// for a record made of it.
    /// </summary>
    public JsonObject Project(
        JsonElement item,
        int index,
        out string? key,
        ref List<string>? unconvertible
    )
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
            key = WriteObject(
                writer,
                item,
                index,
                new JsonElement[_topLevel.Count],
                "",
                ref unconvertible
            );
        return JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
    }

    private string? WriteObject(
        Utf8JsonWriter writer,
        JsonElement item,
        int index,
        JsonElement[] topLevel,
        string prefix,
        ref List<string>? unconvertible
    )
    {
        _topLevel.Find(item, topLevel);
        string? key = null;
        writer.WriteStartObject();
        for (var i = 0; i < _fields.Length; i++)
        {
            var rule = _fields[i];
            if (rule.Items is { } nested)
            {
                if (
                    rule.Path is { } path
                    && path.TryFind(item, topLevel, out var array)
                    && FieldRule.HasValue(array)
                )
                    nested.WriteArray(writer, rule, array, prefix, ref unconvertible);
                continue;
            }
            var outcome = rule.Evaluate(item, topLevel, out var value);
            if (outcome == Conversion.Failed)
                (unconvertible ??= []).Add(prefix + rule.Name);
            if (i == _keyIndex)
            {
                key = outcome == Conversion.Converted ? value.AsText() : null;
                if (string.IsNullOrEmpty(key))
                    value = FieldValue.Of(key = (index + 1).ToString(CultureInfo.InvariantCulture));
            }
            else if (outcome != Conversion.Converted)
            {
                if (_writeNulls)
                {
                    writer.WritePropertyName(rule.EncodedName);
                    writer.WriteNullValue();
                }
                continue;
            }
            writer.WritePropertyName(rule.EncodedName);
            value.WriteTo(writer);
        }
        writer.WriteEndObject();
        Array.Clear(topLevel);
        return key;
    }
}
