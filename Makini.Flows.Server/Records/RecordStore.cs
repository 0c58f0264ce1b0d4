using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Unified;
using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Records;

/// <summary>
/// Writes synced records, a page at a time: one round trip reads the stored hashes of the page's source keys, then
/// one statement inserts the new records and replaces the changed ones, one touches the unchanged ones, and one adds
/// the changes to the live counts per status (<see cref="RecordCount"/>). Works
/// inside the caller's transaction (a sync commits a page with its checkpoint); opens its own when there is none.
/// </summary>
public sealed class RecordStore(TimeProvider time)
{
    private static readonly IRecordWrites OnPostgres = new PostgresRecordWrites();
    private static readonly IRecordWrites OnSqlite = new SqliteRecordWrites();

    /// <summary>
    /// Inserts new records, replaces changed ones (the hash differs; a record coming back after its deletion is
    /// updated), marks deleted those the source reports deleted (<see cref="ProjectedRecord.DeletedAt"/>); unchanged
    /// ones get <c>last_seen</c> when <paramref name="touchUnchanged"/> (a full resync: its reconciliation deletes what
    /// it did not see) and are not written at all otherwise. A record never seen before that arrives deleted is not
    /// stored. When a source key appears twice in the page, its last record counts. Returns the changes in page order.
    /// </summary>
    public async Task<IReadOnlyList<RecordChange>> UpsertAsync(
        FlowsDbContext db,
        string connectionId,
        string entity,
        IReadOnlyList<ProjectedRecord> page,
        DateTime seenAt,
        bool touchUnchanged,
        CancellationToken ct,
        bool readPrevious = false
    )
    {
        if (page.Count == 0)
            return [];
        seenAt = RecordTimes.Utc(seenAt);
        var latest = new Dictionary<string, ProjectedRecord>(page.Count, StringComparer.Ordinal);
        foreach (var record in page)
            latest[record.SourceKey] = record;
        var writes = Writes(db);
        return await InTransactionAsync(
            db,
            async () =>
            {
                var existing = await writes.ReadExistingAsync(
                    db,
                    connectionId,
                    entity,
                    latest.Keys,
                    ct
                );
                var rows = new List<RecordRow>();
                var unchanged = new List<long>();
                var changes = new List<RecordChange>();
                var counts = new CountChanges();
                var previous = readPrevious
                    ? await PreviousAsync(writes, db, latest.Values, existing, ct)
                    : null;
                foreach (var record in latest.Values)
                {
                    var known = existing.TryGetValue(record.SourceKey, out var stored);
                    var kind = Classify(record, known ? stored : null);
                    if (kind is null)
                    {
                        if (known && touchUnchanged)
                            unchanged.Add(stored.Id);
                        continue;
                    }
                    var row = RecordRow.Of(record);
                    rows.Add(row);
                    changes.Add(
                        new RecordChange(
                            kind.Value,
                            entity,
                            record.Key,
                            () => record.Unified,
                            kind == RecordChangeKind.Updated && known
                                ? previous?.GetValueOrDefault(stored.Id)
                                : null
                        )
                    );
                    if (known && !stored.Deleted)
                        counts.Add(stored.StatusKey, -1);
                    if (kind != RecordChangeKind.Deleted)
                        counts.Add(row.StatusKey, +1);
                }
                if (rows.Count > 0)
                    await writes.UpsertAsync(db, connectionId, entity, rows, seenAt, ct);
                if (unchanged.Count > 0)
                    await writes.TouchAsync(db, unchanged, seenAt, ct);
                await writes.CountAsync(db, connectionId, entity, counts, ct);
                return changes;
            },
            ct
        );
    }

    // The stored data of the records this page changes, read before they are overwritten.
    private static async Task<Dictionary<long, string>?> PreviousAsync(
        IRecordWrites writes,
        FlowsDbContext db,
        IEnumerable<ProjectedRecord> page,
        Dictionary<string, ExistingRecord> existing,
        CancellationToken ct
    )
    {
        var ids = page.Select(r =>
                existing.TryGetValue(r.SourceKey, out var stored)
                && !stored.Deleted
                && stored.Hash != r.Hash
                    ? stored.Id
                    : 0
            )
            .Where(id => id != 0)
            .ToList();
        return ids.Count == 0 ? null : await writes.ReadDataAsync(db, ids, ct);
    }

    /// <summary>
    /// Reconciliation after a full resync: the live records of the entity not seen since <paramref name="seenSince"/>
    /// (the resync's start) are gone from the source, so they become deleted, with <c>deletedAt</c> in their data.
    /// </summary>
    public async Task<IReadOnlyList<RecordChange>> DeleteUnseenAsync(
        FlowsDbContext db,
        string connectionId,
        string entity,
        DateTime seenSince,
        CancellationToken ct
    )
    {
        var now = RecordTimes.Utc(time.GetUtcNow().UtcDateTime);
        var writes = Writes(db);
        var deleted = await InTransactionAsync(
            db,
            async () =>
            {
                var rows = await writes.DeleteUnseenAsync(
                    db,
                    connectionId,
                    entity,
                    RecordTimes.Utc(seenSince),
                    now,
                    ct
                );
                var counts = new CountChanges();
                foreach (var row in rows)
                    counts.Add(row.StatusKey, -1);
                await writes.CountAsync(db, connectionId, entity, counts, ct);
                return rows;
            },
            ct
        );
        return
        [
            .. deleted.Select(row => new RecordChange(
                RecordChangeKind.Deleted,
                entity,
                row.Key,
                JsonNode.Parse(row.Data)!.AsObject()
            )),
        ];
    }

    /// <summary>Deletes every stored record of the connection, and its counts (deleting the connection does it too).</summary>
    public async Task DeleteConnectionAsync(
        FlowsDbContext db,
        string connectionId,
        CancellationToken ct
    )
    {
        await InTransactionAsync(
            db,
            async () =>
            {
                await db.Records.Where(r => r.ConnectionId == connectionId).ExecuteDeleteAsync(ct);
                return await db
                    .RecordCounts.Where(c => c.ConnectionId == connectionId)
                    .ExecuteDeleteAsync(ct);
            },
            ct
        );
    }

    /// <summary>What the record is to the store: new, changed, deleted, or nothing to write (null).</summary>
    private static RecordChangeKind? Classify(ProjectedRecord record, ExistingRecord? stored)
    {
        var deleted = record.DeletedAt is not null;
        if (stored is not { } known)
            return deleted ? null : RecordChangeKind.Inserted;
        if (deleted)
            return known.Deleted ? null : RecordChangeKind.Deleted;
        if (known.Deleted || known.Hash != record.Hash)
            return RecordChangeKind.Updated;
        return null;
    }

    private static IRecordWrites Writes(FlowsDbContext db) =>
        db.Database.IsNpgsql() ? OnPostgres : OnSqlite;

    private static async Task<T> InTransactionAsync<T>(
        FlowsDbContext db,
        Func<Task<T>> work,
        CancellationToken ct
    )
    {
        if (db.Database.CurrentTransaction is not null)
            return await work();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var result = await work();
        await transaction.CommitAsync(ct);
        return result;
    }
}
