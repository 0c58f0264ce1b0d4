using System.Data.Common;
using Makini.Flows.Server.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace Makini.Flows.Server.Records;

/// <summary>The store's statements on PostgreSQL: a page travels as one array per column, unnested by the server.</summary>
internal sealed class PostgresRecordWrites : IRecordWrites
{
    private const string UpsertSql = """
        INSERT INTO records (connection_id, entity, source_key, key, data, raw, hash, updated_at, status_key,
                             first_seen, last_seen, deleted_at)
        SELECT @connection, @entity, r.source_key, r.key, r.data::jsonb, r.raw::jsonb, r.hash, r.updated_at,
               r.status_key, @seen, @seen, r.deleted_at
        FROM unnest(@source_keys, @keys, @datas, @raws, @hashes, @updated_ats, @status_keys, @deleted_ats)
             AS r(source_key, key, data, raw, hash, updated_at, status_key, deleted_at)
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
                WHERE connection_id = @connection AND entity = @entity AND source_key = ANY(@source_keys)
                """
            )
            .With("connection", connectionId)
            .With("entity", entity)
            .With(Texts("source_keys", sourceKeys.ToArray()));
        return await ReadExisting(command, ct);
    }

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
            .With(Time("seen", seenAt))
            .With(Texts("source_keys", [.. rows.Select(r => r.SourceKey)]))
            .With(Texts("keys", [.. rows.Select(r => r.Key)]))
            .With(Texts("datas", [.. rows.Select(r => r.Data)]))
            .With(Texts("raws", [.. rows.Select(r => r.Raw)]))
            .With(Texts("hashes", [.. rows.Select(r => r.Hash)]))
            .With(Times("updated_ats", [.. rows.Select(r => r.UpdatedAt)]))
            .With(Texts("status_keys", [.. rows.Select(r => r.StatusKey)]))
            .With(Times("deleted_ats", [.. rows.Select(r => r.DeletedAt)]));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<Dictionary<long, string>> ReadDataAsync(
        FlowsDbContext db,
        IReadOnlyCollection<long> ids,
        CancellationToken ct
    )
    {
        await using var command = RecordCommands
            .Create(db, "SELECT id, data::text FROM records WHERE id = ANY(@ids)")
            .With(
                new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint)
                {
                    Value = ids.ToArray(),
                }
            );
        return await ReadData(command, ct);
    }

    internal static async Task<Dictionary<long, string>> ReadData(
        DbCommand command,
        CancellationToken ct
    )
    {
        var data = new Dictionary<long, string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            data[reader.GetInt64(0)] = reader.GetString(1);
        return data;
    }

    public async Task TouchAsync(
        FlowsDbContext db,
        IReadOnlyCollection<long> ids,
        DateTime seenAt,
        CancellationToken ct
    )
    {
        await using var command = RecordCommands
            .Create(db, "UPDATE records SET last_seen = @seen WHERE id = ANY(@ids)")
            .With(Time("seen", seenAt))
            .With(
                new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint)
                {
                    Value = ids.ToArray(),
                }
            );
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
                SELECT @connection, @entity, c.has_status, c.status_key, c.live
                FROM unnest(@has_statuses, @status_keys, @lives) AS c(has_status, status_key, live)
                ON CONFLICT (connection_id, entity, has_status, status_key)
                DO UPDATE SET live = record_counts.live + excluded.live
                """
            )
            .With("connection", connectionId)
            .With("entity", entity)
            .With(
                new NpgsqlParameter("has_statuses", NpgsqlDbType.Array | NpgsqlDbType.Boolean)
                {
                    Value = deltas.Select(d => d.HasStatus).ToArray(),
                }
            )
            .With(Texts("status_keys", [.. deltas.Select(d => d.StatusKey)]))
            .With(
                new NpgsqlParameter("lives", NpgsqlDbType.Array | NpgsqlDbType.Bigint)
                {
                    Value = deltas.Select(d => d.Delta).ToArray(),
                }
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
                UPDATE records SET deleted_at = @now, data = jsonb_set(data, '{deletedAt}', to_jsonb(@now_text))
                WHERE connection_id = @connection AND entity = @entity AND deleted_at IS NULL
                  AND last_seen < @since
                RETURNING key, data::text, status_key
                """
            )
            .With("connection", connectionId)
            .With("entity", entity)
            .With(Time("since", seenSince))
            .With(Time("now", now))
            .With(
                new NpgsqlParameter("now_text", NpgsqlDbType.Text) { Value = RecordTimes.Iso(now) }
            );
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

    internal static async Task<Dictionary<string, ExistingRecord>> ReadExisting(
        DbCommand command,
        CancellationToken ct
    )
    {
        var existing = new Dictionary<string, ExistingRecord>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            existing[reader.GetString(1)] = new ExistingRecord(
                reader.GetInt64(0),
                reader.GetString(2),
                reader.GetBoolean(3),
                reader.IsDBNull(4) ? null : reader.GetString(4)
            );
        return existing;
    }

    internal static NpgsqlParameter Texts(string name, string?[] values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values };

    internal static NpgsqlParameter Times(string name, DateTime?[] values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = values };

    private static NpgsqlParameter Time(string name, DateTime value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = RecordTimes.Utc(value) };
}
