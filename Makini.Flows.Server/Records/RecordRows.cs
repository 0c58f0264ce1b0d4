using Makini.Flows.Connectors.Unified;

namespace Makini.Flows.Server.Records;

/// <summary>A record as written to the <c>records</c> table: the projected record with its columns copied out.</summary>
internal sealed record RecordRow(
    string SourceKey,
    string Key,
    string Data,
    string Raw,
    string Hash,
    DateTime? UpdatedAt,
    string? StatusKey,
    DateTime? DeletedAt
)
{
    public static RecordRow Of(ProjectedRecord record) =>
        new(
            record.SourceKey,
            record.Key,
            record.UnifiedJson,
            record.RawJson,
            record.Hash,
            RecordTimes.Utc(record.UpdatedAt),
            record.StatusKey,
            RecordTimes.Utc(record.DeletedAt)
        );
}

/// <summary>
/// What the store knows of a record already stored, to tell new, changed and unchanged ones apart (and which
/// status count it is in).
/// </summary>
internal readonly record struct ExistingRecord(
    long Id,
    string Hash,
    bool Deleted,
    string? StatusKey
);

/// <summary>A record the reconciliation marked deleted: its key, its unified data (now with <c>deletedAt</c>), its status.</summary>
internal readonly record struct DeletedRow(string Key, string Data, string? StatusKey);

/// <summary>How a write changes the live counts per status key (<see cref="RecordCount"/>).</summary>
internal sealed class CountChanges
{
    private readonly Dictionary<(bool HasStatus, string StatusKey), long> _deltas = [];

    public IEnumerable<(bool HasStatus, string StatusKey, long Delta)> NonZero =>
        _deltas.Where(d => d.Value != 0).Select(d => (d.Key.HasStatus, d.Key.StatusKey, d.Value));

    public void Add(string? statusKey, long delta)
    {
        var key = (statusKey is not null, statusKey ?? "");
        _deltas[key] = _deltas.GetValueOrDefault(key) + delta;
    }
}
