using System.Data.Common;
using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Records;

/// <summary>One page of records as stored: the unified records' JSON text and how many match in all.</summary>
public sealed record StoredPage(IReadOnlyList<string> Records, int Total);

/// <summary>A status key in use, with the status text of its most recently updated record (when the entity has one).</summary>
public sealed record StatusInUse(string Key, string? Name);

/// <summary>Reads the live unified records of one connection's entity for the records API.</summary>
public static class RecordReader
{
    private static readonly IRecordDialect OnPostgres = new PostgresRecordDialect();
    private static readonly IRecordDialect OnSqlite = new SqliteRecordDialect();

    /// <summary>
    /// The page the query asks for. The total is read only when the page does not tell it (a full page, or an empty
    /// one past the first: a short page is the last), from the kept counts when the filters allow, else counted.
    /// </summary>
    public static Task<StoredPage> ListAsync(
        FlowsDbContext db,
        string connectionId,
        string entity,
        RecordQuery query,
        CancellationToken ct
    ) =>
        RecordCommands.OnOpenConnectionAsync(
            db,
            async () =>
            {
                var dialect = Dialect(db);
                var parameters = new SqlParameters();
                var records = new List<string>(query.PerPage);
                await using (
                    var command = Command(
                        db,
                        dialect,
                        RecordSql.Page(dialect, query, parameters),
                        parameters,
                        connectionId,
                        entity
                    )
                )
                await using (var reader = await command.ExecuteReaderAsync(ct))
                    while (await reader.ReadAsync(ct))
                        records.Add(reader.GetString(0));
                if (
                    records.Count > 0 && records.Count < query.PerPage
                    || records.Count == 0 && query.Page == 1
                )
                    return new StoredPage(records, query.Offset + records.Count);
                var countParameters = new SqlParameters();
                await using var count = Command(
                    db,
                    dialect,
                    RecordSql.CountFromSummary(query, countParameters)
                        ?? RecordSql.Count(dialect, query, countParameters),
                    countParameters,
                    connectionId,
                    entity
                );
                var total = Convert.ToInt64(
                    await count.ExecuteScalarAsync(ct),
                    System.Globalization.CultureInfo.InvariantCulture
                );
                return new StoredPage(records, (int)Math.Min(total, int.MaxValue));
            },
            ct
        );

    /// <summary>The live record with this key, or null.</summary>
    public static Task<string?> GetAsync(
        FlowsDbContext db,
        string connectionId,
        string entity,
        string key,
        CancellationToken ct
    ) =>
        RecordCommands.OnOpenConnectionAsync(
            db,
            async () =>
            {
                var dialect = Dialect(db);
                await using var command = Command(
                        db,
                        dialect,
                        RecordSql.ByKey(dialect),
                        new SqlParameters(),
                        connectionId,
                        entity
                    )
                    .With("key", key);
                return await command.ExecuteScalarAsync(ct) as string;
            },
            ct
        );

    /// <summary>The distinct status keys of the live records, in key order.</summary>
    public static Task<List<StatusInUse>> StatusesAsync(
        FlowsDbContext db,
        string connectionId,
        string entity,
        bool withNames,
        CancellationToken ct
    ) =>
        RecordCommands.OnOpenConnectionAsync(
            db,
            async () =>
            {
                var dialect = Dialect(db);
                var statuses = new List<StatusInUse>();
                await using var command = Command(
                    db,
                    dialect,
                    RecordSql.Statuses(dialect, withNames),
                    new SqlParameters(),
                    connectionId,
                    entity
                );
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                    statuses.Add(
                        new StatusInUse(
                            reader.GetString(0),
                            reader.IsDBNull(1) ? null : reader.GetString(1)
                        )
                    );
                statuses.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
                return statuses;
            },
            ct
        );

    private static IRecordDialect Dialect(FlowsDbContext db) =>
        db.Database.IsNpgsql() ? OnPostgres : OnSqlite;

    private static DbCommand Command(
        FlowsDbContext db,
        IRecordDialect dialect,
        string sql,
        SqlParameters parameters,
        string connectionId,
        string entity
    )
    {
        var command = RecordCommands.Create(db, sql);
        command.Parameters.Add(dialect.Parameter(command, "connection", connectionId));
        command.Parameters.Add(dialect.Parameter(command, "entity", entity));
        parameters.AddTo(command, dialect);
        return command;
    }
}
