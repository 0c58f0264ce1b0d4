using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Records;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Mappings;

/// <summary>
/// Serializes the writers of one connection's entity (a mapping's save and a sync's page) for the rest of the current
/// transaction, so a page projected with the old mapping cannot land after the save re-projected the records. SQLite
/// has one writer at a time already; PostgreSQL takes a transaction-scoped advisory lock.
/// </summary>
internal static class MappingLocks
{
    public static async Task TakeAsync(
        FlowsDbContext db,
        string connectionId,
        string entity,
        CancellationToken ct
    )
    {
        if (!db.Database.IsNpgsql())
            return;
        await using var command = RecordCommands
            .Create(db, "SELECT pg_advisory_xact_lock(hashtext(@key))")
            .With("key", $"mapping/{connectionId}/{entity}");
        await command.ExecuteNonQueryAsync(ct);
    }
}
