using System.Text.Json.Nodes;
using Makini.Flows.Activities.Data;
using Makini.Flows.Server.Records;

namespace Makini.Flows.Server.Sync;

/// <summary>What the Sync, QueryRecords and Map activities use of this server: its syncs and its records store.</summary>
public sealed class ConnectionDataForFlows(
    SyncForFlows syncs,
    RecordsForFlows records,
    Mappings.MappingsForFlows mappings
) : IConnectionData
{
    public Task<MapOutcome> MapAsync(MapRequest request, CancellationToken cancellationToken) =>
        mappings.MapAsync(request, cancellationToken);

    public Task<SyncOutcome> SyncAsync(
        string connectionId,
        IReadOnlyList<string>? entities,
        bool full,
        bool wait,
        TimeSpan timeout,
        CancellationToken cancellationToken
    ) => syncs.SyncAsync(connectionId, entities, full, wait, timeout, cancellationToken);

    public Task<JsonArray> QueryAsync(
        string connectionId,
        string entity,
        JsonObject? filter,
        bool matchAny,
        string? sortField,
        bool descending,
        int limit,
        CancellationToken cancellationToken
    ) =>
        records.QueryAsync(
            connectionId,
            entity,
            filter,
            matchAny,
            sortField,
            descending,
            limit,
            cancellationToken
        );
}
