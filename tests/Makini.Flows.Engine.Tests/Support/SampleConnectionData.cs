using System.Text.Json.Nodes;
using Makini.Flows.Activities.Data;

namespace Makini.Flows.Engine.Tests.Support;

/// <summary>
/// The samples' stand-in for the server's syncs and records (the real ones are tested in the server's tests):
/// a sync of <c>con_demo</c> that finds two new and five changed work orders, and the requests it was given.
/// </summary>
public sealed class SampleConnectionData : IConnectionData
{
    public List<(string ConnectionId, IReadOnlyList<string>? Entities, bool Full)> Syncs { get; } =
    [];

    public Task<SyncOutcome> SyncAsync(
        string connectionId,
        IReadOnlyList<string>? entities,
        bool full,
        bool wait,
        TimeSpan timeout,
        CancellationToken cancellationToken
    )
    {
        Syncs.Add((connectionId, entities, full));
        if (connectionId != "con_demo")
            throw new InvalidOperationException($"There is no connection '{connectionId}'.");
        var changed = new JsonArray(
            "WO-15240",
            "WO-15241",
            "WO-15198",
            "WO-15201",
            "WO-15205",
            "WO-15210",
            "WO-15222"
        );
        return Task.FromResult(
            new SyncOutcome(
                "syn_sample",
                "completed",
                new JsonObject
                {
                    ["work-orders"] = new JsonObject
                    {
                        ["inserted"] = 2,
                        ["updated"] = 5,
                        ["deleted"] = 0,
                        ["unchanged"] = 11,
                        ["pages"] = 1,
                    },
                    ["assets"] = new JsonObject
                    {
                        ["inserted"] = 0,
                        ["updated"] = 1,
                        ["deleted"] = 0,
                        ["unchanged"] = 40,
                        ["pages"] = 1,
                    },
                },
                new JsonObject
                {
                    ["work-orders"] = changed,
                    ["assets"] = new JsonArray("AST-0007"),
                },
                null,
                null
            )
        );
    }

    public Task<JsonArray> QueryAsync(
        string connectionId,
        string entity,
        JsonObject? filter,
        bool matchAny,
        string? sortField,
        bool descending,
        int limit,
        CancellationToken cancellationToken
    ) => Task.FromResult(new JsonArray());

    /// <summary>Maps nothing: the sample flows that map records run against the real server's tests.</summary>
    public Task<MapOutcome> MapAsync(MapRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new MapOutcome([], []));
}
