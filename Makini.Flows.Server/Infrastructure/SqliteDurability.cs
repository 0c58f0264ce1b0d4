using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Makini.Flows.Server.Infrastructure;

/// <summary>
/// SQLite in write-ahead-log mode with <c>synchronous=NORMAL</c>: a commit survives the process dying (a crash,
/// SIGKILL), and only a power cut can lose the last commits. FULL would wait for the disk on every commit.
/// A page cache of 32 MB per connection (SQLite's default is 2 MB) keeps the indexes' inner pages of a large
/// records table in memory while a sync writes, instead of reading them back from the file for every row.
/// The settings belong to the database connection, so they are applied once per connection, not on every
/// open of a pooled one.
/// </summary>
public sealed class SqliteDurability : DbConnectionInterceptor
{
    private const string Settings =
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA cache_size=-32768;";

    private readonly ConditionalWeakTable<object, object> _applied = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!FirstOpen(connection))
            return;
        using var command = connection.CreateCommand();
        command.CommandText = Settings;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection,
        ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default
    )
    {
        if (!FirstOpen(connection))
            return;
        await using var command = connection.CreateCommand();
        command.CommandText = Settings;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private bool FirstOpen(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle }
        || _applied.TryAdd(handle, handle);
}
