using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Flows.Connectors.Unified;

/// <summary>
/// One entry of a stream's mapping, compiled once: where the value comes from (a pointer, or a constant), its
/// translation table, how it is read (the rule's <c>type</c> and <c>format</c>) and what it must become (the unified
/// field's type).
/// </summary>
internal sealed class FieldRule
{
    private readonly SourcePointer? _path;
    private readonly JsonElement? _constant;
    private readonly Dictionary<string, JsonElement>? _values;
    private readonly SourceType _source;
    private readonly string? _format;
    private readonly TargetType _target;
    private readonly bool _textItems;

    private FieldRule(
        string name,
        SourcePointer? path,
        JsonElement? constant,
        Dictionary<string, JsonElement>? values,
        SourceType source,
        string? format,
        TargetType target
    )
    {
        Name = name;
        EncodedName = JsonEncodedText.Encode(name);
        _path = path;
        _constant = constant;
        _values = values;
        _source = source;
        _format = format;
        _target = target;
        _textItems = target == TargetType.Array && name.EndsWith("Keys", StringComparison.Ordinal);
    }

    public string Name { get; }
    public JsonEncodedText EncodedName { get; }
    public SourcePointer? Path => _path;

    /// <summary>For an array rule (<c>items</c>): the mapping of each item of the source array at <see cref="Path"/>.</summary>
    public ItemPlan? Items { get; private init; }

    /// <summary>
    /// For an object made from the record itself (a connection's <c>customFields</c>): the mapping of its fields,
    /// whose pointers read the record.
    /// </summary>
    public ItemPlan? Record { get; private init; }

    /// <summary>An object field whose fields are mapped from the record itself.</summary>
    public static FieldRule RecordObject(string name, ItemPlan fields) =>
        new(name, null, null, null, SourceType.AsIs, null, TargetType.Object) { Record = fields };

    /// <summary>A field with no source (the <c>key</c> of a mapping that has none: the primary key fills it).</summary>
    public static FieldRule Unmapped(string name, UnifiedEntity entity) =>
        new(name, null, null, null, SourceType.AsIs, null, TargetOf(name, entity));

    public static FieldRule Compile(string name, JsonNode rule, UnifiedEntity entity)
    {
        var target = TargetOf(name, entity);
        if (rule is JsonValue pointer)
            return new FieldRule(
                name,
                SourcePointer.Parse(pointer.GetValue<string>()),
                null,
                null,
                SourceType.AsIs,
                null,
                target
            );
        var obj = rule.AsObject();
        if (obj["items"] is JsonObject itemMapping)
            return new FieldRule(
                name,
                (string?)obj["path"] is { } arrayPath ? SourcePointer.Parse(arrayPath) : null,
                null,
                null,
                SourceType.AsIs,
                null,
                TargetType.Array
            )
            {
                Items = ItemPlan.Compile(itemMapping, ItemSchemaOf(name, entity)),
            };
        return new FieldRule(
            name,
            (string?)obj["path"] is { } path ? SourcePointer.Parse(path) : null,
            obj.TryGetPropertyValue("value", out var constant)
                ? JsonSerializer.SerializeToElement(constant)
                : null,
            obj["values"] is JsonObject table
                ? table.ToDictionary(
                    e => e.Key,
                    e => JsonSerializer.SerializeToElement(e.Value),
                    StringComparer.Ordinal
                )
                : null,
            SourceOf(name, (string?)obj["type"]),
            (string?)obj["format"],
            target
        );
    }

    /// <summary>The field's value in a source record.</summary>
    public Conversion Evaluate(JsonElement record, JsonElement[] topLevel, out FieldValue value)
    {
        value = default;
        JsonElement source;
        if (_path is not null && _path.TryFind(record, topLevel, out var found) && HasValue(found))
        {
            source = found;
            if (_values is not null && _values.TryGetValue(TableKey(found), out var translated))
            {
                if (!HasValue(translated))
                    return Conversion.Absent;
                source = translated;
            }
        }
        else if (_constant is { } constant && HasValue(constant))
            source = constant;
        else
            return Conversion.Absent;
        // The common cases first: text into a text field, ISO text into a time field.
        if (
            source.ValueKind == JsonValueKind.String
            && _source is SourceType.AsIs or SourceType.String
        )
        {
            if (_target == TargetType.String)
            {
                value = FieldValue.Of(source);
                return Conversion.Converted;
            }
            if (_target == TargetType.DateTime)
            {
                if (!UnifiedTime.TryRead(source, _format, out var time))
                    return Conversion.Failed;
                value = FieldValue.Of(time);
                return Conversion.Converted;
            }
        }
        var read = FieldConversion.Read(source, _source, _format, out var sourceValue);
        return read != Conversion.Converted
            ? read
            : FieldConversion.Coerce(in sourceValue, _target, _format, _textItems, out value);
    }

    public static bool HasValue(JsonElement value) =>
        value.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => false,
            JsonValueKind.String => !value.ValueEquals(ReadOnlySpan<byte>.Empty),
            _ => true,
        };

    private static string TableKey(JsonElement value) =>
        value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => value.GetRawText(),
        };

    private static UnifiedEntity? ItemSchemaOf(string name, UnifiedEntity entity) =>
        entity.Fields.GetValueOrDefault(name)?.ItemSchema is { } schema
            ? UnifiedModel.Component(schema)
            : null;

    // Fields of the entity take its type. Extra fields are kept as mapped, except where Makini's naming says what
    // they are: ids (key, *Key) are text and *At fields are times, as in every one of its schemas.
    internal static TargetType TargetOf(string name, UnifiedEntity entity) =>
        entity.Fields.TryGetValue(name, out var field)
            ? field.Type switch
            {
                UnifiedTypes.String => TargetType.String,
                UnifiedTypes.Number => TargetType.Number,
                UnifiedTypes.Integer => TargetType.Integer,
                UnifiedTypes.Boolean => TargetType.Boolean,
                UnifiedTypes.DateTime => TargetType.DateTime,
                UnifiedTypes.Array => TargetType.Array,
                _ => TargetType.Object,
            }
        : name == "key" || name.EndsWith("Key", StringComparison.Ordinal) ? TargetType.String
        : name.EndsWith("At", StringComparison.Ordinal) ? TargetType.DateTime
        : TargetType.AsIs;

    private static SourceType SourceOf(string name, string? type) =>
        type switch
        {
            null => SourceType.AsIs,
            "string" => SourceType.String,
            "number" => SourceType.Number,
            "integer" => SourceType.Integer,
            "boolean" => SourceType.Boolean,
            "datetime" => SourceType.DateTime,
            "epochSeconds" => SourceType.EpochSeconds,
            "epochMillis" => SourceType.EpochMillis,
            _ => throw new ArgumentException(
                $"mapping of {name}: unknown type '{type}' (string, number, integer, boolean, datetime, epochSeconds or epochMillis)"
            ),
        };
}
