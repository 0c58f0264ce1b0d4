using System.Text.Json.Nodes;

namespace Makini.Flows.Activities.Data;

/// <summary>
/// What the data activities (<see cref="Sync"/>, <see cref="QueryRecords"/>) ask of the host: syncing a connection
/// and reading its unified records. The server implements it over its sync engine and records store.
/// </summary>
public interface IConnectionData
{
    /// <summary>
    /// Asks for a sync of the connection (of some entities, or all; full or incremental) and, when
    /// <paramref name="wait"/>, waits for it to end (at most <paramref name="timeout"/>).
    /// </summary>
    Task<SyncOutcome> SyncAsync(
        string connectionId,
        IReadOnlyList<string>? entities,
        bool full,
        bool wait,
        TimeSpan timeout,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// The connection's unified records of an entity, as the records API answers them: <paramref name="filter"/>
    /// holds Makini's filters (<c>{"statusKey": "open", "updatedAt:gteq": "2026-12-01"}</c>), at most
    /// <paramref name="limit"/>, sorted by a field.
    /// </summary>
    Task<JsonArray> QueryAsync(
        string connectionId,
        string entity,
        JsonObject? filter,
        bool matchAny,
        string? sortField,
        bool descending,
        int limit,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// Maps records as the records API would serve them (the <see cref="Map"/> activity). Throws
    /// <see cref="InvalidOperationException"/> naming what is wrong: an unknown connection, connector or entity, an
    /// invalid inline mapping (every problem with its pointer), a unified record whose source is not stored.
    /// </summary>
    Task<MapOutcome> MapAsync(MapRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// A sync's outcome: <c>completed</c>, <c>failed</c>, or <c>started</c> (not waited for, or still running at the
/// time limit); counts per entity and the keys it changed (at most 1,000 per entity).
/// </summary>
public sealed record SyncOutcome(
    string SyncId,
    string Status,
    JsonObject Counts,
    JsonObject ChangedKeys,
    string? ErrorCode,
    string? Error
);
