using System.Diagnostics;
using System.Text.Json.Nodes;
using Makini.Flows.Activities.Tests.Support;
using Makini.Flows.Tests.Fakes;
using Makini.Flows.Tests.Shared;
using Npgsql;
using static Makini.Flows.Cluster.Tests.ClusterApi;

namespace Makini.Flows.Cluster.Tests;

/// <summary>
/// Several connections to slow sources (one loopback MaintainX each, a page every quarter second), synced by two
/// nodes on one PostgreSQL; the node syncing one of them is killed with SIGKILL halfway through its work orders.
/// No source ever has two page requests in flight (one sync per connection at a time, across nodes); the other
/// node continues that sync at the page after the last one stored; every source record is stored once; and a
/// webhook endpoint subscribed to <c>work-order.inserted</c> receives one event per work order, none twice.
/// </summary>
[Collection(OneAtATime.Name)]
public sealed class SyncTests(PostgresServer postgres)
{
    private const int Connections = 3;
    private const int WorkOrders = 1200;
    private const string WorkOrdersPath = "/v1/workorders";
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan PageTime = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task A_sync_cut_off_by_a_killed_node_continues_on_the_other_from_its_checkpoint_storing_and_raising_each_record_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var sources = new List<MaintainXFake>();
        for (var i = 0; i < Connections; i++)
        {
            var source = new MaintainXFake(workOrders: WorkOrders)
            {
                AnswerDelay = PageTime,
                RateLimit = 10_000,
            };
            await source.StartAsync();
            sources.Add(source);
        }
        await using var receiver = await LoopbackSink.StartAsync();
        var database = await postgres.CreateDatabaseAsync(cancellationToken: ct);
        await using var cluster = await Cluster.StartAsync(
            database,
            nodes: 2,
            new()
            {
                ["Queue__Lease"] = Lease.ToString(),
                ["Queue__PollInterval"] = "00:00:00.100",
                ["Outbound__AllowedRanges__0"] = "127.0.0.1/32",
                // Every work order of the fake, however old, is in the first sync.
                ["Sync__BackfillDays"] = "3650",
            },
            ct
        );
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync(ct);
        var (first, second) = (cluster.Nodes[0], cluster.Nodes[1]);
        var secret = await SubscribeAsync(
            first.Client,
            receiver.Url("/work-orders"),
            ["work-order.inserted"],
            ct
        );

        // Created round-robin on both nodes; each connection's first sync starts at once.
        var ids = new List<string>();
        for (var i = 0; i < Connections; i++)
            ids.Add(await ConnectAsync(cluster.Nodes[i % 2].Client, sources[i], $"Plant {i}", ct));

        var (victim, holder, killedAt, checkpoint) = await KillMidSyncAsync(cluster, db, ids, ct);
        var survivor = cluster.Nodes.Single(n => n != holder);
        var recovery = Stopwatch.StartNew();
        foreach (var id in ids)
            await WaitForCompletedAsync(survivor.Client, id, ct);
        var synced = recovery.Elapsed;

        var logs = sources.Select(s => new SourceLog(s.Requests)).ToList();
        var victimLog = logs[ids.IndexOf(victim)];
        var resumedWith = victimLog.FirstAfter(killedAt);
        var expected = sources.Select(ExpectedWorkOrders).ToList();
        var stored = new List<(List<string> Keys, int Total)>();
        foreach (var id in ids)
            stored.Add(await KeysAsync(survivor.Client, id, "work-orders", ct));
        var histories = new List<JsonArray>();
        foreach (var id in ids)
            histories.Add(await HistoryAsync(survivor.Client, id, ct));

        var delivered = await WaitForDeliveriesAsync(
            receiver,
            secret,
            db,
            expected.Sum(e => e.Count),
            ct
        );
        var events = await EventsPerKeyAsync(db, "work-order.inserted", ct);
        var deliveredIds = delivered
            .GroupBy(d => (d.Connection, d.Key))
            .ToDictionary(g => g.Key, g => g.Select(d => d.WebhookId).Distinct().Count());
        var expectedKeys = ids.Zip(expected)
            .SelectMany(pair => pair.Second.Select(key => (pair.First, key)))
            .ToHashSet();
        var raisedTwice = events.Count(e => e.Value > 1);
        var deliveredTwice = deliveredIds.Count(d => d.Value > 1);
        var missing = expectedKeys.Count(k => !deliveredIds.ContainsKey(k));
        var unexpected = deliveredIds.Keys.Count(k => !expectedKeys.Contains(k));
        var redeliveries = delivered.Count - delivered.Select(d => d.WebhookId).Distinct().Count();
        Figures.Record(
            $"cluster sync: {Connections} connections x {WorkOrders} work orders on 2 nodes, a page every {PageTime.TotalMilliseconds:0} ms; "
                + $"the node syncing {victim} killed (SIGKILL) at {checkpoint["remaining"]![0]} page {checkpoint["pages"]}; "
                + $"all synced {synced.TotalSeconds:0.0} s after the kill (lease {Lease.TotalSeconds:0} s), resumed with {resumedWith}; "
                + $"overlapping page requests {logs.Sum(l => l.Overlaps())}, pages requested again {logs.Sum(l => l.Repeats())}; "
                + $"work-order.inserted: {events.Count} raised, {raisedTwice} twice, {delivered.Count} deliveries, "
                + $"{redeliveries} redeliveries of one event, {missing} missing"
        );

        logs.ShouldAllBe(l => l.Overlaps() == 0);
        histories.ShouldAllBe(h =>
            h.Count == 1 && h[0]!["status"]!.GetValue<string>() == "completed"
        );
        // The first request after the kill is the page after the last stored one, and no list starts again.
        resumedWith.ShouldNotBeNull();
        resumedWith.Path.ShouldBe(WorkOrdersPath);
        resumedWith
            .QueryValue("cursor")
            .ShouldBe(checkpoint["next"]!["cursor"]!.GetValue<string>());
        victimLog.FirstPagesAfter(WorkOrdersPath, killedAt).ShouldBe(0);
        // At most the pages a dead node had fetched but not stored are fetched again: the one it was storing and
        // the one it was fetching ahead.
        logs.ShouldAllBe(l => l.Repeats() <= 2);
        for (var i = 0; i < Connections; i++)
        {
            stored[i].Total.ShouldBe(expected[i].Count);
            stored[i].Keys.Order().ShouldBe(expected[i].Order());
        }
        raisedTwice.ShouldBe(0);
        events.Count.ShouldBe(expectedKeys.Count);
        missing.ShouldBe(0);
        unexpected.ShouldBe(0);
        deliveredTwice.ShouldBe(0);
        delivered.ShouldAllBe(d => d.Verified, "every delivery carries a valid signature");
        foreach (var source in sources)
            await source.DisposeAsync();
    }

    /// <summary>
    /// Waits until some node has stored a few pages of a connection's work orders, kills that node, and returns the
    /// connection, the node, the moment, and the checkpoint the kill left behind.
    /// </summary>
    private static async Task<(
        string Connection,
        ServerProcess Holder,
        DateTimeOffset KilledAt,
        JsonObject Checkpoint
    )> KillMidSyncAsync(
        Cluster cluster,
        NpgsqlConnection db,
        List<string> ids,
        CancellationToken ct
    )
    {
        var waiting = Stopwatch.StartNew();
        while (waiting.Elapsed < Patience)
        {
            foreach (var id in ids)
            {
                if (
                    await CheckpointAsync(db, id, ct) is not { } checkpoint
                    || checkpoint["remaining"]![0]!.GetValue<string>() != "work-orders"
                    || checkpoint["pages"]!.GetValue<int>() < 3
                    || await SyncHolderAsync(db, id, ct) is not { } leasedBy
                )
                    continue;
                var holder = cluster.Nodes.Single(n =>
                    leasedBy.Contains($"-{n.ProcessId}-", StringComparison.Ordinal)
                );
                holder.Kill();
                var killedAt = DateTimeOffset.UtcNow;
                return (id, holder, killedAt, (await CheckpointAsync(db, id, ct))!);
            }
            await Task.Delay(20, ct);
        }
        throw new TimeoutException("no sync stored three pages of work orders");
    }

    private static async Task WaitForCompletedAsync(
        HttpClient client,
        string connectionId,
        CancellationToken ct
    )
    {
        var waiting = Stopwatch.StartNew();
        while (waiting.Elapsed < Patience)
        {
            var state = await SyncStateAsync(client, connectionId, ct);
            if (state["state"]!.GetValue<string>() == "idle" && state["lastSuccessAt"] is not null)
                return;
            await Task.Delay(200, ct);
        }
        throw new TimeoutException(
            $"{connectionId} did not finish its sync: {await SyncStateAsync(client, connectionId, ct)}"
        );
    }

    private sealed record Delivery(string Connection, string Key, string WebhookId, bool Verified);

    /// <summary>
    /// Waits until the receiver has one delivery per expected event and nothing is left to dispatch or deliver (so
    /// a duplicate would have arrived too); returns every delivery, signature checked.
    /// </summary>
    private static async Task<List<Delivery>> WaitForDeliveriesAsync(
        LoopbackSink receiver,
        string secret,
        NpgsqlConnection db,
        int expected,
        CancellationToken ct
    )
    {
        var waiting = Stopwatch.StartNew();
        while (
            waiting.Elapsed < Patience
            && (
                receiver.Requests.Select(r => r.Header("webhook-id")).Distinct().Count() < expected
                || await PendingDeliveriesAsync(db, ct) > 0
            )
        )
            await Task.Delay(200, ct);
        return
        [
            .. receiver.Requests.Select(r =>
            {
                var body = JsonNode.Parse(r.Body)!;
                return new Delivery(
                    body["connectionId"]!.GetValue<string>(),
                    body["data"]!["key"]!.GetValue<string>(),
                    r.Header("webhook-id")!,
                    SpecReceiver.Accepts(secret, r, r.ReceivedAt)
                );
            }),
        ];
    }

    /// <summary>The keys of the work orders a source holds that are not deleted (a deleted one is not stored).</summary>
    private static List<string> ExpectedWorkOrders(MaintainXFake source) =>
        [
            .. source
                .Records("work-orders")
                .Where(r => r["deletedAt"] is null)
                .Select(r => r["id"]!.ToString()),
        ];
}
