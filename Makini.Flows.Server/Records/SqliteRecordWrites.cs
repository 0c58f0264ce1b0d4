using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Makini.Flows.Server.Infrastructure;

namespace Makini.Flows.Server.Records;

/// <summary>
/// The store's statements on SQLite: a page travels as one JSON array parameter, read back with <c>json_each</c>
/// (no limit on parameters, one statement per page). Times are written as EF Core stores them, so they compare as text.
/// </summary>
internal sealed class SqliteRecordWrites : IRecordWrites
{
    private const string UpsertSql = """
        INSERT INTO records (connection_id, entity, source_key, key, data, raw, hash, updated_at, status_key,
                             first_seen, last_seen, deleted_at)
        SELECT @connection, @entity, value ->> '$.s', value ->> '$.k', value ->> '$.d', value ->> '$.r',
               value ->> '$.h', value ->> '$.u', value ->> '$.st', @seen, @seen, value ->> '$.x'
        FROM json_each(@rows) WHERE true
        ON CONFLICT (connection_id, entity, source_key) DO UPDATE SET
            key = excluded.key, data = excluded.data, raw = excluded.raw, hash = excluded.hash,
            updated_at = excluded.updated_at, status_key = excluded.status_key,
            last_seen = excluded.last_seen, deleted_at = excluded.deleted_at
        """;

    // The text goes to SQLite's JSON parser only: no need to escape beyond what JSON requires.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

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
            .With("seen", RecordTimes.SqliteText(seenAt))
            .With("rows", RowsJson(rows));
        await command.ExecuteNonQueryAsync(ct);
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

    /// <summary>The rows as <c>[{"s": source key, "k": key, "d": data, "r": raw, "h": hash, "u", "st", "x"}]</c>.</summary>
    private static string RowsJson(IReadOnlyList<RecordRow> rows)
    {
        var buffer = new ArrayBufferWriter<byte>(rows.Count * 512);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                json.WriteStartObject();
                json.WriteString("s", row.SourceKey);
                json.WriteString("k", row.Key);
                json.WriteString("d", row.Data);
                json.WriteString("r", row.Raw);
                json.WriteString("h", row.Hash);
                WriteTime(json, "u", row.UpdatedAt);
                if (row.StatusKey is null)
                    json.WriteNull("st");
                else
                    json.WriteString("st", row.StatusKey);
                WriteTime(json, "x", row.DeletedAt);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTime? time)
    {
        if (time is { } value)
            json.WriteString(name, RecordTimes.SqliteText(value));
        else
            json.WriteNull(name);
    }
}
