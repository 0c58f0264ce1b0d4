namespace Makini.Flows.Server.Records;

/// <summary>
/// One record of one connection's entity, as synced: the unified record served by <c>/api/eam</c> and the source's
/// own record beside it. Keyed by (connection, entity, source key); <see cref="Hash"/> covers both, so a sync sees
/// any change. Columns are snake_case because the records are queried with hand-written SQL (<see cref="RecordSql"/>).
/// </summary>
public sealed class StoredRecord
{
    public long Id { get; set; }
    public required string ConnectionId { get; set; }

    /// <summary>The unified entity's path name: <c>work-orders</c>, <c>assets</c>...</summary>
    public required string Entity { get; set; }

    /// <summary>The record's primary key in the source system.</summary>
    public required string SourceKey { get; set; }

    /// <summary>The unified record's <c>key</c>.</summary>
    public required string Key { get; set; }

    /// <summary>The unified record (PostgreSQL <c>jsonb</c>, SQLite TEXT).</summary>
    public required string Data { get; set; }

    /// <summary>The source system's record as it was read (PostgreSQL <c>jsonb</c>, SQLite TEXT).</summary>
    public required string Raw { get; set; }
    public required string Hash { get; set; }

    /// <summary>The unified record's <c>updatedAt</c>, copied out for sorting and filtering.</summary>
    public DateTime? UpdatedAt { get; set; }

    /// <summary>The unified record's <c>statusKey</c>, copied out for filtering and the statuses list.</summary>
    public string? StatusKey { get; set; }
    public DateTime FirstSeen { get; set; }
    public DateTime LastSeen { get; set; }

    /// <summary>When the record was found deleted (reported by the source, or gone at a full resync); null while live.</summary>
    public DateTime? DeletedAt { get; set; }
}

/// <summary>
/// How many live records of one connection's entity have one status key (or none: <see cref="HasStatus"/> false).
/// Kept by <see cref="RecordStore"/> in the transaction that changes the records, so a list's total without filters,
/// or filtered by status only, is read here instead of counted (see docs/sync.md).
/// </summary>
public sealed class RecordCount
{
    public required string ConnectionId { get; set; }
    public required string Entity { get; set; }
    public bool HasStatus { get; set; }

    /// <summary>The status key; empty when <see cref="HasStatus"/> is false.</summary>
    public required string StatusKey { get; set; }
    public long Live { get; set; }
}
