using System.Buffers;
using System.Security.Cryptography;
using System.Text;
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
    public static ProjectedRecord[] Complete(
        ConnectionMapping mapping,
        IReadOnlyList<JsonElement> raws,
        ProjectedRecord[] projected,
        CancellationToken cancellationToken
    )
    {
        var count = projected.Length;
        var records = new JsonObject[count];
        var errors = new List<MappingError>?[count];
        for (var i = 0; i < count; i++)
        {
            records[i] = JsonNode.Parse(projected[i].UnifiedJson)!.AsObject();
            foreach (var field in projected[i].Unconvertible)
                if (mapping.Watched.Contains(field))
                    Fail(
                        records[i],
                        ref errors[i],
                        field,
                        "the source value cannot be converted to the field's type"
                    );
        }
        if (mapping.Scripts.Count > 0)
            RunScripts(mapping, raws, projected, records, errors, cancellationToken);
        var completed = new ProjectedRecord[count];
        for (var i = 0; i < count; i++)
            completed[i] = Finish(mapping, projected[i], records[i], errors[i]);
        return completed;
    }

    private static void RunScripts(
        ConnectionMapping mapping,
        IReadOnlyList<JsonElement> raws,
        ProjectedRecord[] projected,
        JsonObject[] records,
        List<MappingError>?[] errors,
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
                    Fail(records[i], ref errors[i], scripted.Field, error);
                else if (Converted(scripted, results[i].Value, out var value))
                    Set(records[i], scripted.Field, value);
                else
                    Fail(
                        records[i],
                        ref errors[i],
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

    private static void Fail(
        JsonObject record,
        ref List<MappingError>? errors,
        string field,
        string message
    )
    {
        Set(record, field, null);
        (errors ??= []).Add(new MappingError(field, message));
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

    private static ProjectedRecord Finish(
        ConnectionMapping mapping,
        ProjectedRecord projected,
        JsonObject record,
        List<MappingError>? errors
    )
    {
        if (errors is not null)
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
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // The source half stays that of the record's bytes as the source sent them.
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
            scriptedTimes ? TimeOf(record["updatedAt"]) : projected.UpdatedAt,
            projected.DeletedAt
        )
        {
            Unconvertible = projected.Unconvertible,
            MappingErrors = errors ?? (IReadOnlyList<MappingError>)[],
        };
    }

    private static DateTime? TimeOf(JsonNode? node) =>
        node is JsonValue value
        && value.TryGetValue<string>(out var text)
        && UnifiedTime.TryRead(text, null, out var time)
            ? time
            : null;

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
