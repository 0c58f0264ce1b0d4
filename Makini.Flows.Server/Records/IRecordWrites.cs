using Makini.Flows.Server.Infrastructure;

namespace Makini.Flows.Server.Records;

/// <summary>
/// The store's statements on one database: one round trip to read a page's stored hashes, one statement to write
/// its new and changed records, one to touch its unchanged ones. Run inside the store's transaction.
/// </summary>
internal interface IRecordWrites
{
    Task<Dictionary<string, ExistingRecord>> ReadExistingAsync(
        FlowsDbContext db,
        string connectionId,
        string entity,
        IReadOnlyCollection<string> sourceKeys,
        CancellationToken ct
    );

    /// <summary>Inserts the rows, or replaces what is stored under their source keys (keeping <c>first_seen</c>).</summary>
    Task UpsertAsync(
        FlowsDbContext db,
        string connectionId,
        string entity,
        IReadOnlyList<RecordRow> rows,
        DateTime seenAt,
        CancellationToken ct
    );

    /// <summary>The unified data of the records with these ids, by id (what an update changed is told from it).</summary>
    Task<Dictionary<long, string>> ReadDataAsync(
        FlowsDbContext db,
        IReadOnlyCollection<long> ids,
        CancellationToken ct
    );

    /// <summary>Sets <c>last_seen</c> of the records with these ids.</summary>
    Task TouchAsync(
        FlowsDbContext db,
        IReadOnlyCollection<long> ids,
        DateTime seenAt,
        CancellationToken ct
    );

    /// <summary>Adds the changes to the live counts per status key.</summary>
    Task CountAsync(
        FlowsDbContext db,
        string connectionId,
        string entity,
        CountChanges changes,
        CancellationToken ct
    );

    /// <summary>Marks deleted the live records of the entity not seen since <paramref name="seenSince"/>.</summary>
    Task<List<DeletedRow>> DeleteUnseenAsync(
        FlowsDbContext db,
        string connectionId,
        string entity,
        DateTime seenSince,
        DateTime now,
        CancellationToken ct
    );
}
