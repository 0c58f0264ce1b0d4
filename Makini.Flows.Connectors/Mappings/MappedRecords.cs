using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Unified;
using Makini.Flows.Engine.Expressions.Records;

namespace Makini.Flows.Connectors.Mappings;

/// <summary>
/// Finishes the records of a page that a mapping's scripts compute fields of, or whose mapped values did not convert:
/// runs each script once over the whole page, puts its values (converted to the field's type) into the records,
/// sets a failed field to null and lists why under <c>mappingErrors</c>, then writes each record canonically again
/// and hashes it.
/// </summary>
internal static class MappedRecords
{
    /// <summary>What a record's scripts and failures change: fields set (dotted for custom fields), in order.</summary>
    private sealed class Changes
    {
        public readonly List<(string Field, JsonNode? Value)> Sets = [];
        public List<MappingError>? Errors;
    }

    public static ProjectedRecord[] Complete(
        ConnectionMapping mapping,
        IReadOnlyList<JsonElement> raws,
        ProjectedRecord[] projected,
        CancellationToken cancellationToken
    )
    {
        var count = projected.Length;
        var changes = new Changes[count];
        for (var i = 0; i < count; i++)
        {
            changes[i] = new Changes();
            foreach (var field in projected[i].Unconvertible)
                if (mapping.Watched.Contains(field))
                    Fail(
                        changes[i],
                        field,
                        "the source value cannot be converted to the field's type"
                    );
        }
        if (mapping.Scripts.Count > 0)
            RunScripts(mapping, raws, projected, changes, cancellationToken);
        var completed = new ProjectedRecord[count];
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new ArrayBufferWriter<byte>(4096);
        for (var i = 0; i < count; i++)
            completed[i] = Finish(mapping, projected[i], changes[i], sha, buffer);
        return completed;
    }

    private static void RunScripts(
        ConnectionMapping mapping,
        IReadOnlyList<JsonElement> raws,
        ProjectedRecord[] projected,
        Changes[] changes,
        CancellationToken cancellationToken
    )
    {
        // Every script sees the record as the connector's default mapping makes it: what it replaces or adds to.
        var declarative = mapping.Scripts.Any(s => s.Script.ReadsRecord)
            ? raws.Select(raw =>
                    JsonDocument
                        .Parse(
                            RecordProjection
                                .Project(mapping.Stream, mapping.Entity, raw)
                                .UnifiedJson
                        )
                        .RootElement
                )
                .ToArray()
            : new JsonElement[projected.Length];
        var results = new RecordScriptResult[projected.Length];
        foreach (var scripted in mapping.Scripts)
        {
            scripted.Script.Evaluate(raws, declarative, results, cancellationToken);
            for (var i = 0; i < results.Length; i++)
            {
                if (results[i].Error is { } error)
                    Fail(changes[i], scripted.Field, error);
                else if (Converted(scripted, results[i].Value, out var value))
                    changes[i].Sets.Add((scripted.Field, value));
                else
                    Fail(
                        changes[i],
                        scripted.Field,
                        $"the script's value {Describe(results[i].Value)} cannot be converted to {Describe(scripted.Target)}"
                    );
            }
        }
    }

    private static bool Converted(ScriptedField field, JsonNode? result, out JsonNode? value)
    {
        value = null;
        if (result is null)
            return true;
        var element = JsonSerializer.SerializeToElement(result);
        var outcome = FieldConversion.Coerce(
            FieldValue.Of(element),
            field.Target,
            null,
            field.TextItems,
            out var converted
        );
        if (outcome == Conversion.Absent)
            return true;
        if (outcome == Conversion.Failed)
            return false;
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
            converted.WriteTo(writer);
        value = JsonNode.Parse(buffer.WrittenSpan);
        return true;
    }

    private static void Fail(Changes changes, string field, string message)
    {
        changes.Sets.Add((field, null));
        (changes.Errors ??= []).Add(new MappingError(field, message));
    }

    /// <summary>
    /// Writes the record canonically, as the projection's text with the changes applied (what parsing it into a JSON
    /// tree, setting the fields and writing it canonically gave, without the tree), and hashes it.
    /// </summary>
    private static ProjectedRecord Finish(
        ConnectionMapping mapping,
        ProjectedRecord projected,
        Changes changes,
        IncrementalHash sha,
        ArrayBufferWriter<byte> buffer
    )
    {
        // Fields set at the top, and custom fields (dotted) set inside their object; the last set of a field wins.
        var top = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        Dictionary<string, Dictionary<string, JsonNode?>>? inner = null;
        foreach (var (field, value) in changes.Sets)
        {
            var dot = field.IndexOf('.');
            if (dot < 0)
            {
                top[field] = value;
                continue;
            }
            inner ??= new(StringComparer.Ordinal);
            var parent = field[..dot];
            if (!inner.TryGetValue(parent, out var children))
                inner[parent] = children = new(StringComparer.Ordinal);
            children[field[(dot + 1)..]] = value;
        }
        if (changes.Errors is { } errors)
            top[ConnectionMapping.MappingErrorsName] = new JsonArray([
                .. errors.Select(e => new JsonObject
                {
                    ["field"] = e.Field,
                    ["message"] = e.Message,
                }),
            ]);
        // A field set both whole and inside (the compiler lets no document do that) keeps the tree's order of events.
        if (inner is not null && inner.Keys.Any(top.ContainsKey))
            return FinishAsTree(mapping, projected, changes, sha);

        var length = Encoding.UTF8.GetMaxByteCount(projected.UnifiedJson.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var text = rented.AsSpan(0, Encoding.UTF8.GetBytes(projected.UnifiedJson, rented));
            var properties = TopLevel(text);
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                foreach (var name in Names(properties, top.Keys, inner?.Keys))
                {
                    writer.WritePropertyName(name);
                    var existing = Find(properties, name);
                    if (top.TryGetValue(name, out var value))
                        WriteNode(writer, value);
                    else if (inner is not null && inner.TryGetValue(name, out var children))
                    {
                        using var parsed = existing is { Kind: JsonTokenType.StartObject } found
                            ? JsonDocument.Parse(rented.AsMemory(found.Start, found.Length))
                            : null;
                        var members = parsed?.RootElement ?? default;
                        writer.WriteStartObject();
                        foreach (var child in Names(members, children.Keys))
                        {
                            writer.WritePropertyName(child);
                            if (children.TryGetValue(child, out var set))
                                WriteNode(writer, set);
                            else
                                Write(writer, members.GetProperty(child));
                        }
                        writer.WriteEndObject();
                    }
                    else if (existing!.Clean)
                        // Already as the canonical writing would make it: copied.
                        writer.WriteRawValue(
                            text.Slice(existing.Start, existing.Length),
                            skipInputValidation: true
                        );
                    else
                    {
                        using var parsed = JsonDocument.Parse(
                            rented.AsMemory(existing.Start, existing.Length)
                        );
                        Write(writer, parsed.RootElement);
                    }
                }
                writer.WriteEndObject();
            }
            var unified = buffer.WrittenSpan;
            // The source half stays that of the record's bytes as the source sent them.
            var hash = RecordHash.WithUnified(sha, unified, projected.Hash);
            var scriptedTimes = mapping.Scripts.Any(s => s.Field == "updatedAt");
            string? key;
            if (top.TryGetValue(ProjectionPlan.KeyField, out var keyNode))
                key = (string?)keyNode;
            else if (Find(properties, ProjectionPlan.KeyField) is { } keyProperty)
                key = keyProperty.Kind switch
                {
                    JsonTokenType.String => StringOf(text, keyProperty),
                    JsonTokenType.Null => null,
                    _ => (string?)JsonNode.Parse(text.Slice(keyProperty.Start, keyProperty.Length)),
                };
            else
                key = null;
            return new ProjectedRecord(
                projected.SourceKey,
                key is { Length: > 0 } ? key : projected.Key,
                Encoding.UTF8.GetString(unified),
                Text(top, properties, text, "statusKey"),
                projected.RawJson,
                hash,
                scriptedTimes
                    ? TimeOf(Text(top, properties, text, "updatedAt"))
                    : projected.UpdatedAt,
                projected.DeletedAt
            )
            {
                Unconvertible = projected.Unconvertible,
                MappingErrors = changes.Errors ?? (IReadOnlyList<MappingError>)[],
            };
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>A top-level property of the projection's text: where its value is, and whether it is canonical.</summary>
    /// <param name="Clean">
    /// The value's bytes are what writing it canonically gives (keys in ordinal order, every string as the writer
    /// escapes it), so they can be copied.
    /// </param>
    private sealed record Property(
        string Name,
        JsonTokenType Kind,
        int Start,
        int Length,
        bool Clean
    );

    private static List<Property> TopLevel(ReadOnlySpan<byte> text)
    {
        var properties = new List<Property>(32);
        var reader = new Utf8JsonReader(text);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            var kind = reader.TokenType;
            var start = (int)reader.TokenStartIndex;
            var clean = Clean(ref reader, text);
            properties.Add(
                new Property(name, kind, start, (int)reader.BytesConsumed - start, clean)
            );
        }
        return properties;
    }

    /// <summary>
    /// Reads the value the reader is on to its end: true when no string or key in it is escaped or has a character
    /// the writer escapes, and the keys of each object are in ordinal order (as bytes: such keys are ASCII).
    /// </summary>
    private static bool Clean(ref Utf8JsonReader reader, ReadOnlySpan<byte> text)
    {
        if (reader.TokenType == JsonTokenType.String)
            return Unescaped(ref reader);
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
            return true;
        var depth = reader.CurrentDepth;
        var clean = true;
        // Per open object: where its last key was in the text (start, length), or -1 before its first.
        Span<(int Start, int Length)> last = stackalloc (int, int)[64];
        var open = 0;
        if (reader.TokenType == JsonTokenType.StartObject)
            last[open++] = (-1, 0);
        var objects = new Stack<bool>();
        objects.Push(reader.TokenType == JsonTokenType.StartObject);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    if (!Unescaped(ref reader))
                        clean = false;
                    else if (open is > 0 and <= 64)
                    {
                        var key = ((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
                        var (previous, previousLength) = last[open - 1];
                        if (
                            previous >= 0
                            && text.Slice(previous, previousLength)
                                .SequenceCompareTo(text.Slice(key.Item1, key.Item2)) >= 0
                        )
                            clean = false;
                        last[open - 1] = key;
                    }
                    break;
                case JsonTokenType.String:
                    if (!Unescaped(ref reader))
                        clean = false;
                    break;
                case JsonTokenType.StartObject:
                    if (open < 64)
                        last[open] = (-1, 0);
                    else
                        clean = false;
                    open++;
                    objects.Push(true);
                    break;
                case JsonTokenType.StartArray:
                    objects.Push(false);
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    if (objects.Pop())
                        open--;
                    if (reader.CurrentDepth == depth)
                        return clean;
                    break;
            }
        }
        return clean;
    }

    private static bool Unescaped(ref Utf8JsonReader reader) =>
        !reader.ValueIsEscaped
        && JavaScriptEncoder.Default.FindFirstCharacterToEncodeUtf8(reader.ValueSpan) < 0;

    private static Property? Find(List<Property> properties, string name)
    {
        foreach (var property in properties)
            if (property.Name == name)
                return property;
        return null;
    }

    private static string? StringOf(ReadOnlySpan<byte> text, Property property)
    {
        var reader = new Utf8JsonReader(text.Slice(property.Start, property.Length));
        reader.Read();
        return reader.GetString();
    }

    /// <summary>The names of the top-level properties and of the fields set there, in ordinal order.</summary>
    private static List<string> Names(
        List<Property> properties,
        IEnumerable<string> set,
        IEnumerable<string>? alsoSet
    )
    {
        var names = new List<string>(properties.Count + 4);
        foreach (var property in properties)
            names.Add(property.Name);
        foreach (var name in set.Concat(alsoSet ?? []))
            if (Find(properties, name) is null)
                names.Add(name);
        names.Sort(string.CompareOrdinal);
        return names;
    }

    /// <summary>The names of an object (none when it is not one) and of the fields set in it, in ordinal order.</summary>
    private static List<string> Names(JsonElement existing, IEnumerable<string> set)
    {
        var names = new List<string>();
        if (existing.ValueKind == JsonValueKind.Object)
            foreach (var property in existing.EnumerateObject())
                names.Add(property.Name);
        foreach (var name in set)
            if (existing.ValueKind != JsonValueKind.Object || !existing.TryGetProperty(name, out _))
                names.Add(name);
        names.Sort(string.CompareOrdinal);
        return names;
    }

    /// <summary>A field's text as the record has it after the changes (null when it is not a string).</summary>
    private static string? Text(
        Dictionary<string, JsonNode?> top,
        List<Property> properties,
        ReadOnlySpan<byte> text,
        string field
    ) =>
        top.TryGetValue(field, out var node)
            ? node is JsonValue value && value.TryGetValue<string>(out var found)
                ? found
                : null
            : Find(properties, field) is { Kind: JsonTokenType.String } property
                ? StringOf(text, property)
                : null;

    private static void WriteNode(Utf8JsonWriter writer, JsonNode? node)
    {
        if (node is null)
            writer.WriteNullValue();
        else
            Write(writer, JsonSerializer.SerializeToElement(node));
    }

    /// <summary>
    /// A value canonically (keys in ordinal order), its strings escaped as a JSON tree writes them: the same bytes as
    /// <see cref="CanonicalJson.Write"/> of the value after a trip through a JSON tree.
    /// </summary>
    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = element.EnumerateObject().ToList();
                properties.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
                writer.WriteStartObject();
                foreach (var property in properties)
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                    Write(writer, item);
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                element.WriteTo(writer);
                break;
            default:
                writer.WriteRawValue(
                    JsonMarshal.GetRawUtf8Value(element),
                    skipInputValidation: true
                );
                break;
        }
    }

    /// <summary>The record through a JSON tree: parsed, the changes set in order, written canonically.</summary>
    private static ProjectedRecord FinishAsTree(
        ConnectionMapping mapping,
        ProjectedRecord projected,
        Changes changes,
        IncrementalHash sha
    )
    {
        var record = JsonNode.Parse(projected.UnifiedJson)!.AsObject();
        foreach (var (field, value) in changes.Sets)
            Set(record, field, value);
        if (changes.Errors is { } errors)
            record[ConnectionMapping.MappingErrorsName] = new JsonArray([
                .. errors.Select(e => new JsonObject
                {
                    ["field"] = e.Field,
                    ["message"] = e.Message,
                }),
            ]);
        var buffer = new ArrayBufferWriter<byte>(projected.UnifiedJson.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer))
            CanonicalJson.Write(writer, JsonSerializer.SerializeToElement(record));
        var unified = buffer.WrittenSpan;
        var hash = RecordHash.Combine(RecordHash.Of(sha, unified, []), projected.Hash);
        var scriptedTimes = mapping.Scripts.Any(s => s.Field == "updatedAt");
        return new ProjectedRecord(
            projected.SourceKey,
            (string?)record[ProjectionPlan.KeyField] is { Length: > 0 } key ? key : projected.Key,
            Encoding.UTF8.GetString(unified),
            record["statusKey"] is JsonValue status && status.TryGetValue<string>(out var text)
                ? text
                : null,
            projected.RawJson,
            hash,
            scriptedTimes
                ? TimeOf(
                    record["updatedAt"] is JsonValue time
                    && time.TryGetValue<string>(out var timeText)
                        ? timeText
                        : null
                )
                : projected.UpdatedAt,
            projected.DeletedAt
        )
        {
            Unconvertible = projected.Unconvertible,
            MappingErrors = changes.Errors ?? (IReadOnlyList<MappingError>)[],
        };
    }

    private static void Set(JsonObject record, string field, JsonNode? value)
    {
        var dot = field.IndexOf('.');
        if (dot < 0)
        {
            record[field] = value;
            return;
        }
        var parent = field[..dot];
        if (record[parent] is not JsonObject inner)
            record[parent] = inner = [];
        inner[field[(dot + 1)..]] = value;
    }

    private static DateTime? TimeOf(string? text) =>
        text is not null && UnifiedTime.TryRead(text, null, out var time) ? time : null;

    private static string Describe(JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "null";
        return text.Length > 60 ? text[..57] + "..." : text;
    }

    private static string Describe(TargetType target) =>
        target switch
        {
            TargetType.DateTime => "a datetime",
            TargetType.Integer => "an integer",
            TargetType.Array => "an array",
            TargetType.Object => "an object",
            _ => "a " + target.ToString().ToLowerInvariant(),
        };
}
