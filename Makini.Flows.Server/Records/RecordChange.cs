using System.Text.Json.Nodes;

namespace Makini.Flows.Server.Records;

public enum RecordChangeKind
{
    Inserted,
    Updated,
    Deleted,
}

/// <summary>
/// A change a sync made to the stored records: what entity events are raised from. The unified record is built only
/// when read, so a first sync of 100,000 records that nobody listens to builds no JSON tree for them.
/// </summary>
public sealed class RecordChange(
    RecordChangeKind kind,
    string entity,
    string key,
    Func<JsonObject> unified,
    string? previous = null
)
{
    public RecordChange(RecordChangeKind kind, string entity, string key, JsonObject unified)
        : this(kind, entity, key, () => unified) { }

    public RecordChangeKind Kind => kind;
    public string Entity => entity;
    public string Key => key;
    public JsonObject Unified => unified();

    /// <summary>For an update, when asked for: the unified record as it was stored before (JSON).</summary>
    public string? Previous => previous;

    /// <summary>
    /// For an update read with its previous record: the unified fields whose values differ (custom fields as
    /// <c>customFields.name</c>), in ordinal order; null when the previous record was not read.
    /// </summary>
    public IReadOnlyList<string>? ChangedFields() =>
        previous is not null && JsonNode.Parse(previous) is JsonObject before
            ? [.. UnifiedDifferences.Of(before, Unified).Select(d => d.Field)]
            : null;
}
