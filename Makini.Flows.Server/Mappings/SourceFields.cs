using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Engine.Validation;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Records;

namespace Makini.Flows.Server.Mappings;

/// <summary>A field found in stored source records: its pointer, JSON type, a sample value, in how many it was.</summary>
public sealed record SourceField(string Path, string Type, JsonNode? Sample, int Seen);

/// <summary>
/// The fields of a connection's stored source records of an entity (a sample of the most recent ones), as JSON
/// pointers: what a mapping can read, with sample values for the mapping editor, and what unknown-path warnings
/// are judged against.
/// </summary>
public sealed class SourceFields
{
    public const int DefaultSample = 500;
    private const int MaxDepth = 5;
    private const int ArrayItemsLooked = 3;

    private readonly Dictionary<string, (string Type, JsonNode? Sample, int Seen)> _fields = new(
        StringComparer.Ordinal
    );

    private SourceFields(int records, List<JsonDocument> samples)
    {
        Records = records;
        Samples = samples;
    }

    /// <summary>How many stored records were looked at.</summary>
    public int Records { get; }

    /// <summary>The records looked at (newest first), for a preview.</summary>
    public List<JsonDocument> Samples { get; }

    public IEnumerable<SourceField> Fields =>
        _fields
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new SourceField(f.Key, f.Value.Type, f.Value.Sample, f.Value.Seen));

    /// <summary>Whether a pointer was seen (or its record had no stored records to judge by).</summary>
    public bool Knows(string pointer) =>
        Records == 0 || pointer == "" || _fields.ContainsKey(pointer);

    public static async Task<SourceFields> ScanAsync(
        FlowsDbContext db,
        string connectionId,
        string entity,
        int limit,
        CancellationToken ct
    )
    {
        var raws = await RecordCommands.OnOpenConnectionAsync(
            db,
            async () =>
            {
                await using var command = RecordCommands
                    .Create(
                        db,
                        $"""
                        SELECT raw FROM records
                        WHERE connection_id = @connection AND entity = @entity AND deleted_at IS NULL
                        ORDER BY id DESC LIMIT {limit}
                        """
                    )
                    .With("connection", connectionId)
                    .With("entity", entity);
                var found = new List<JsonDocument>();
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                    found.Add(JsonDocument.Parse(reader.GetString(0)));
                return found;
            },
            ct
        );
        var fields = new SourceFields(raws.Count, raws);
        foreach (var raw in raws)
            fields.Walk(raw.RootElement, "", 0);
        return fields;
    }

    private void Walk(JsonElement value, string pointer, int depth)
    {
        if (pointer.Length > 0)
        {
            _fields.TryGetValue(pointer, out var known);
            var sample = known.Sample;
            if (
                sample is null
                && value.ValueKind
                    is not (JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null)
            )
                sample = JsonSerializer.SerializeToNode(value);
            _fields[pointer] = (
                known.Type is null or "null" ? TypeOf(value) : known.Type,
                sample,
                known.Seen + 1
            );
        }
        if (depth >= MaxDepth)
            return;
        if (value.ValueKind == JsonValueKind.Object)
            foreach (var property in value.EnumerateObject())
                Walk(property.Value, $"{pointer}/{JsonPointer.Escape(property.Name)}", depth + 1);
        else if (value.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (index == ArrayItemsLooked)
                    break;
                Walk(item, $"{pointer}/{index++}", depth + 1);
            }
        }
    }

    private static string TypeOf(JsonElement value) =>
        value.ValueKind switch
        {
            JsonValueKind.Object => "object",
            JsonValueKind.Array => "array",
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "null",
        };
}
