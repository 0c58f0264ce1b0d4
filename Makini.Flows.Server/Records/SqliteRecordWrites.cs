using System.Text.Json;
using Makini.Flows.Server.Infrastructure;

namespace Makini.Flows.Server.Records;

/// <summary>
/// The store's statements on SQLite: the page's rows go through one prepared statement; lists of keys and ids travel
/// as one JSON array parameter read back with <c>json_each</c>. Times are written as EF Core stores them, so they
/// compare as text.
/// </summary>
internal sealed class SqliteRecordWrites : IRecordWrites
{
    private const string UpsertSql = """
        INSERT INTO records (connection_id, entity, source_key, key, data, raw, hash, updated_at, status_key,
                             first_seen, last_seen, deleted_at)
        VALUES (@connection, @entity, @source_key, @key, @data, @raw, @hash, @updated_at, @status_key, @seen, @seen,
                @deleted_at)
        ON CONFLICT (connection_id, entity, source_key) DO UPDATE SET
            key = excluded.key, data = excluded.data, raw = excluded.raw, hash = excluded.hash,
            updated_at = excluded.updated_at, status_key = excluded.status_key,
            last_seen = excluded.last_seen, deleted_at = excluded.deleted_at
        """;

    public async Task<Dictionary<string, ExistingRecord>> ReadExistingAsync(
        FlowsDbContext db,
        string connectionId,
        string entity,
        IReadOnlyCollection<string> sourceKeys,
        CancellationToken ct
    )
    {
        await using var command = RecordCommands
            .Create(
                db,
                """
                SELECT id, source_key, hash, deleted_at IS NOT NULL, status_key FROM records
                WHERE connection_id = @connection AND entity = @entity
                  AND source_key IN (SELECT value FROM json_each(@source_keys))
                """
            )
            .With("connection", connectionId)
            .With("entity", entity)
            .With("source_keys", JsonSerializer.Serialize(sourceKeys));
        return await PostgresRecordWrites.ReadExisting(command, ct);
    }

    /// <summary>
    /// One prepared statement run once per row: SQLite has no round trips to save, and binding the texts as they are
    /// costs far less than sending the page as one JSON array that SQLite parses again for every column it reads.
    /// </summary>
    public async Task UpsertAsync(
        FlowsDbContext db,
        string connectionId,
        string entity,
        IReadOnlyList<RecordRow> rows,
        DateTime seenAt,
        CancellationToken ct
    )
    {
        await using var command = RecordCommands
            .Create(db, UpsertSql)
            .With("connection", connectionId)
            .With("entity", entity)
            .With("seen", RecordTimes.SqliteText(seenAt));
        var sourceKey = command.Add("source_key");
        var key = command.Add("key");
        var data = command.Add("data");
        var raw = command.Add("raw");
        var hash = command.Add("hash");
        var updatedAt = command.Add("updated_at");
        var statusKey = command.Add("status_key");
        var deletedAt = command.Add("deleted_at");
        command.Prepare();
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            sourceKey.Value = row.SourceKey;
            key.Value = row.Key;
            data.Value = row.Data;
            raw.Value = row.Raw;
            hash.Value = row.Hash;
            updatedAt.Value = Text(row.UpdatedAt);
            statusKey.Value = (object?)row.StatusKey ?? DBNull.Value;
            deletedAt.Value = Text(row.DeletedAt);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static object Text(DateTime? time) =>
        time is { } value ? RecordTimes.SqliteText(value) : DBNull.Value;

    public async Task<Dictionary<long, string>> ReadDataAsync(
        FlowsDbContext db,
        IReadOnlyCollection<long> ids,
        CancellationToken ct
    )
    {
        await using var command = RecordCommands
            .Create(
                db,
                "SELECT id, data FROM records WHERE id IN (SELECT value FROM json_each(@ids))"
            )
            .With("ids", JsonSerializer.Serialize(ids));
        return await PostgresRecordWrites.ReadData(command, ct);
    }

    public async Task TouchAsync(
        FlowsDbContext db,
        IReadOnlyCollection<long> ids,
        DateTime seenAt,
        CancellationToken ct
    )
    {
        await using var command = RecordCommands
            .Create(
                db,
                "UPDATE records SET last_seen = @seen WHERE id IN (SELECT value FROM json_each(@ids))"
            )
            .With("seen", RecordTimes.SqliteText(seenAt))
            .With("ids", JsonSerializer.Serialize(ids));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task CountAsync(
        FlowsDbContext db,
        string connectionId,
        string entity,
        CountChanges changes,
        CancellationToken ct
    )
    {
        var deltas = changes.NonZero.ToList();
        if (deltas.Count == 0)
            return;
        await using var command = RecordCommands
            .Create(
                db,
                """
                INSERT INTO record_counts (connection_id, entity, has_status, status_key, live)
                SELECT @connection, @entity, value ->> '$.h', value ->> '$.s', value ->> '$.d'
                FROM json_each(@deltas) WHERE true
                ON CONFLICT (connection_id, entity, has_status, status_key)
                DO UPDATE SET live = record_counts.live + excluded.live
                """
            )
            .With("connection", connectionId)
            .With("entity", entity)
            .With(
                "deltas",
                JsonSerializer.Serialize(
                    deltas.Select(d => new
                    {
                        h = d.HasStatus,
                        s = d.StatusKey,
                        d = d.Delta,
                    })
                )
            );
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<List<DeletedRow>> DeleteUnseenAsync(
        FlowsDbContext db,
        string connectionId,
        string entity,
        DateTime seenSince,
        DateTime now,
        CancellationToken ct
    )
    {
        await using var command = RecordCommands
            .Create(
                db,
                """
                UPDATE records SET deleted_at = @now, data = json_set(data, '$.deletedAt', @now_text)
                WHERE connection_id = @connection AND entity = @entity AND deleted_at IS NULL
                  AND last_seen < @since
                RETURNING key, data, status_key
                """
            )
            .With("connection", connectionId)
            .With("entity", entity)
            .With("since", RecordTimes.SqliteText(seenSince))
            .With("now", RecordTimes.SqliteText(now))
            .With("now_text", RecordTimes.Iso(now));
        var deleted = new List<DeletedRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            deleted.Add(
                new DeletedRow(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2)
                )
            );
        return deleted;
    }
}
