using System.Data.Common;
using System.Text.Json;
using Makini.Flows.Connectors.Mappings;
using Makini.Flows.Connectors.Unified;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Records;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Makini.Flows.Server.Mappings;

/// <summary>
/// Projects the stored live records of a connection's entity again, from the source records kept beside them, with
/// a newly saved mapping; run inside the save's transaction, so the save answers only when every record (and the
/// live counts per status) follows the new mapping. Raises no entity events: the source did not change.
/// </summary>
internal static class MappingReprojection
{
    private const int BatchSize = 1_000;

    public sealed record Outcome(
        long Records,
        IReadOnlyList<(string Key, MappingError Error)> Errors
    );

    public static async Task<Outcome> RunAsync(
        FlowsDbContext db,
        string connectionId,
        ConnectionMapping mapping,
        CancellationToken ct
    )
    {
        var onPostgres = db.Database.IsNpgsql();
        var entity = mapping.Entity.Name;
        var errors = new List<(string, MappingError)>();
        long last = 0,
            total = 0;
        while (true)
        {
            var (ids, raws, hashes) = await ReadBatchAsync(db, connectionId, entity, last, ct);
            if (ids.Count == 0)
                break;
            var documents = raws.Select(r => JsonDocument.Parse(r)).ToArray();
            try
            {
                var projected = mapping.Project([.. documents.Select(d => d.RootElement)], ct);
                for (var i = 0; i < projected.Length; i++)
                    projected[i] = projected[i].WithSourceHashOf(hashes[i]);
                if (onPostgres)
                    await UpdatePostgresAsync(db, ids, projected, ct);
                else
                    await UpdateSqliteAsync(db, ids, projected, ct);
                foreach (var record in projected)
                foreach (var error in record.MappingErrors)
                    if (errors.Count < 100)
                        errors.Add((record.Key, error));
            }
            finally
            {
                foreach (var document in documents)
                    document.Dispose();
            }
            total += ids.Count;
            last = ids[^1];
        }
        await RecountAsync(db, connectionId, entity, ct);
        return new Outcome(total, errors);
    }

    private static async Task<(
        List<long> Ids,
        List<string> Raws,
        List<string> Hashes
    )> ReadBatchAsync(
        FlowsDbContext db,
        string connectionId,
        string entity,
        long after,
        CancellationToken ct
    )
    {
        await using var command = RecordCommands
            .Create(
                db,
                $"""
                SELECT id, raw, hash FROM records
                WHERE connection_id = @connection AND entity = @entity AND deleted_at IS NULL AND id > @after
                ORDER BY id LIMIT {BatchSize}
                """
            )
            .With("connection", connectionId)
            .With("entity", entity)
            .With("after", after);
        var ids = new List<long>(BatchSize);
        var raws = new List<string>(BatchSize);
        var hashes = new List<string>(BatchSize);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetInt64(0));
            raws.Add(reader.GetString(1));
            hashes.Add(reader.GetString(2));
        }
        return (ids, raws, hashes);
    }

    private static async Task UpdateSqliteAsync(
        FlowsDbContext db,
        List<long> ids,
        ProjectedRecord[] projected,
        CancellationToken ct
    )
    {
        await using var command = RecordCommands.Create(
            db,
            """
            UPDATE records SET key = @key, data = @data, hash = @hash, updated_at = @updated_at,
                               status_key = @status_key
            WHERE id = @id
            """
        );
        var id = command.Add("id");
        var key = command.Add("key");
        var data = command.Add("data");
        var hash = command.Add("hash");
        var updatedAt = command.Add("updated_at");
        var statusKey = command.Add("status_key");
        command.Prepare();
        for (var i = 0; i < ids.Count; i++)
        {
            id.Value = ids[i];
            key.Value = projected[i].Key;
            data.Value = projected[i].UnifiedJson;
            hash.Value = projected[i].Hash;
            updatedAt.Value = projected[i].UpdatedAt is { } time
                ? RecordTimes.SqliteText(time)
                : DBNull.Value;
            statusKey.Value = (object?)projected[i].StatusKey ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task UpdatePostgresAsync(
        FlowsDbContext db,
        List<long> ids,
        ProjectedRecord[] projected,
        CancellationToken ct
    )
    {
        await using var command = RecordCommands
            .Create(
                db,
                """
                UPDATE records r SET key = v.key, data = v.data::jsonb, hash = v.hash, updated_at = v.updated_at,
                                     status_key = v.status_key
                FROM unnest(@ids, @keys, @datas, @hashes, @updated_ats, @status_keys)
                     AS v(id, key, data, hash, updated_at, status_key)
                WHERE r.id = v.id
                """
            )
            .With(
                new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint)
                {
                    Value = ids.ToArray(),
                }
            )
            .With(PostgresRecordWrites.Texts("keys", [.. projected.Select(p => p.Key)]))
            .With(PostgresRecordWrites.Texts("datas", [.. projected.Select(p => p.UnifiedJson)]))
            .With(PostgresRecordWrites.Texts("hashes", [.. projected.Select(p => p.Hash)]))
            .With(
                PostgresRecordWrites.Times(
                    "updated_ats",
                    [
                        .. projected.Select(p =>
                            p.UpdatedAt is { } t ? RecordTimes.Utc(t) : (DateTime?)null
                        ),
                    ]
                )
            )
            .With(
                PostgresRecordWrites.Texts("status_keys", [.. projected.Select(p => p.StatusKey)])
            );
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The live counts per status key, counted again: a mapping may change any record's status.</summary>
    private static async Task RecountAsync(
        FlowsDbContext db,
        string connectionId,
        string entity,
        CancellationToken ct
    )
    {
        foreach (
            var sql in new[]
            {
                "DELETE FROM record_counts WHERE connection_id = @connection AND entity = @entity",
                """
                    INSERT INTO record_counts (connection_id, entity, has_status, status_key, live)
                    SELECT @connection, @entity, status_key IS NOT NULL, coalesce(status_key, ''), count(*)
                    FROM records WHERE connection_id = @connection AND entity = @entity AND deleted_at IS NULL
                    GROUP BY status_key
                    """,
            }
        )
        {
            await using DbCommand command = RecordCommands
                .Create(db, sql)
                .With("connection", connectionId)
                .With("entity", entity);
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}
