using System.Text;
using System.Text.Json.Nodes;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// `-- mapping-dump FILE`: projects the page of Demo work orders with many mapping documents (scripts that set
/// unified fields and custom fields, fail, return the wrong type, read the whole record or only some fields,
/// declarative values that do not convert) and writes every outcome (unified text, hash, key, status, times,
/// errors) to FILE, so two builds can be compared byte for byte.
/// </summary>
internal static class MappingDump
{
    private static readonly string[] Documents =
    [
        MappingProjectionBenchmarks.Declarative,
        MappingProjectionBenchmarks.CustomField("js", MappingProjectionBenchmarks.JsConcat),
        MappingProjectionBenchmarks.CustomField("js", MappingProjectionBenchmarks.JsStatements),
        MappingProjectionBenchmarks.CustomField("csharp", MappingProjectionBenchmarks.CSharpConcat),
        MappingProjectionBenchmarks.CustomField(
            "csharp",
            MappingProjectionBenchmarks.CSharpStatements
        ),
        """
            {"fields": {
              "title": {"js": "raw.title.toUpperCase()"},
              "statusKey": {"js": "raw.status === 'open' ? 'OPEN' : raw['status']"},
              "updatedAt": {"js": "raw.createdAt"},
              "key": {"js": "'K-' + raw.id"},
              "severity": {"js": "raw?.priority"}
            }}
            """,
        """
            {"fields": {"title": null, "instructions": {"js": "record.title + ' / ' + raw.siteId"}},
             "customFields": {
              "a": {"type": "integer", "js": "raw.assignedToId.length"},
              "b": {"type": "integer", "js": "raw.title"},
              "c": {"type": "number", "js": "raw.estimatedHours * 1.5"},
              "d": {"type": "boolean", "js": "raw.status === 'open'"},
              "e": {"type": "datetime", "js": "raw.dueDate"},
              "f": {"type": "string", "js": "raw.assetId"},
              "g": {"type": "integer", "js": "Object.keys(raw).length"},
              "h": {"type": "integer", "js": "JSON.stringify(raw).length"},
              "i": {"type": "string", "js": "raw.hasOwnProperty('siteId') ? 'y' : 'n'"},
              "j": {"type": "string", "path": "/siteId"},
              "k": {"type": "integer", "path": "/title"},
              "l": {"type": "number", "js": "raw.tasks.length"},
              "m": {"type": "string", "js": "raw.missing === undefined ? 'u' : 'd'"},
              "n": {"type": "string", "js": "raw.nope.x"},
              "o": {"type": "string", "js": "raw.siteId + input.title"},
              "p": {"type": "string", "js": "[raw.siteId].map(raw => raw.length).join()"},
              "q": {"type": "string", "js": "raw.tasks[0].checklist[0].item + raw.toString()"},
              "r": {"type": "string", "js": "try { raw.siteId = 'x'; 'wrote' } catch (e) { e.message }"},
              "s": {"type": "string", "js": "try { raw.other = 'x'; 'wrote' } catch (e) { e.message }"}
            }}
            """,
        """
            {"fields": {"severity": {"path": "/priority", "type": "number"}, "laborAssignedKey": "/assignedToId"},
             "customFields": {
              "a": {"type": "integer", "csharp": "((string)raw[\"assignedToId\"]!).Length"},
              "b": {"type": "integer", "csharp": "(string)raw![\"title\"]"},
              "c": {"type": "integer", "csharp": "raw?[\"tasks\"]!.AsArray().Count"},
              "d": {"type": "integer", "csharp": "raw.AsObject().Count"},
              "e": {"type": "string", "csharp": "(string)record[\"title\"] + (string)raw[\"siteId\"]"},
              "f": {"type": "datetime", "csharp": "raw[\"dueDate\"]"},
              "g": {"type": "number", "csharp": "(double)raw[\"estimatedHours\"]! / 3"},
              "h": {"type": "boolean", "csharp": "raw[\"missing\"] is null"},
              "i": {"type": "string", "csharp": "(string)raw[\"siteId\"] + (string)input[\"title\"]"},
              "j": {"type": "string", "csharp": "raw[\"tasks\"]![0]![\"checklist\"]!.ToJsonString()"}
            }}
            """,
        """
            {"fields": {"title": {"csharp": "((string)raw[\"title\"]!).ToUpperInvariant()"},
                        "updatedAt": {"csharp": "raw[\"dueDate\"]"},
                        "statusKey": {"csharp": "null"}}}
            """,
    ];

    public static async Task RunAsync(string file)
    {
        var engine = MappingProjectionBenchmarks.Engine();
        var source = await RecordProjectionBenchmarks.ReadDemo(MappingProjectionBenchmarks.Records);
        // Records with strings escaped as the projection would not write them, non-ASCII text and HTML characters.
        var tricky = source
            .Records.Take(20)
            .Select(r =>
                System
                    .Text.Json.JsonDocument.Parse(
                        r.GetRawText()
                            .Replace(
                                "\"title\":\"",
                                "\"title\":\"Caf\\u00e9 \\/ é <b>&'\\\" 😀 \\ud83d\\ude00 ",
                                StringComparison.Ordinal
                            )
                            .Replace(
                                "\"siteId\":\"",
                                "\"siteId\":\"\\u0053ité+",
                                StringComparison.Ordinal
                            )
                            .Replace("\"item\":\"", "\"item\":\"\\t<ä>", StringComparison.Ordinal)
                            .Replace(
                                "\"description\":\"",
                                "\"description\":\"A+B `x` é <y> & 'z' ",
                                StringComparison.Ordinal
                            )
                    )
                    .RootElement
            );
        source = source with { Records = [.. source.Records, .. tricky] };
        var output = new StringBuilder();
        for (var d = 0; d < Documents.Length; d++)
        {
            var mapping = MappingProjectionBenchmarks.Compile(engine, source, Documents[d]);
            var projected = mapping.Project(source.Records);
            var errors = 0;
            foreach (var record in projected)
            {
                errors += record.MappingErrors.Count;
                output
                    .Append(d)
                    .Append('\t')
                    .Append(record.SourceKey)
                    .Append('\t')
                    .Append(record.Key)
                    .Append('\t')
                    .Append(record.StatusKey)
                    .Append('\t')
                    .Append(record.UpdatedAt?.ToString("O"))
                    .Append('\t')
                    .Append(record.DeletedAt?.ToString("O"))
                    .Append('\t')
                    .Append(record.Hash)
                    .Append('\t')
                    .Append(
                        new JsonArray([
                            .. record.MappingErrors.Select(e =>
                                (JsonNode)new JsonObject { ["f"] = e.Field, ["m"] = e.Message }
                            ),
                        ]).ToJsonString()
                    )
                    .Append('\t')
                    .Append(record.UnifiedJson)
                    .Append('\n');
            }
            Console.WriteLine($"document {d}: {projected.Length} records, {errors} mapping errors");
        }
        await File.WriteAllTextAsync(file, output.ToString());
    }
}
