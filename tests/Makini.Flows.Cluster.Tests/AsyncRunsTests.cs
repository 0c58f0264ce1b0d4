using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Tests.Shared;
using Npgsql;

namespace Makini.Flows.Cluster.Tests;

/// <summary>
/// 1,000 async runs posted round-robin to two nodes on one PostgreSQL; one node is killed with SIGKILL when
/// about half are done. The survivor takes over the dead node's leased work once its leases run out: every
/// run completes, none is lost, none completes twice, and no checkpointed activity runs twice.
/// </summary>
[Collection(OneAtATime.Name)]
public sealed class AsyncRunsTests(PostgresServer postgres)
{
    private const int Runs = 1000;
    private const int Items = 5;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(240);

    private static readonly string Flow = BackgroundWorkFlow.Json("cluster-work", "cluster/work");

    [Fact]
    public async Task Every_run_completes_exactly_once_when_a_node_dies_halfway()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateDatabaseAsync(cancellationToken: ct);
        await using var cluster = await Cluster.StartAsync(
            database,
            nodes: 2,
            new()
            {
                ["Queue__Lease"] = Lease.ToString(),
                ["Queue__PollInterval"] = "00:00:00.100",
                ["Queue__Workers"] = "4",
            },
            ct
        );
        var (first, second) = (cluster.Nodes[0], cluster.Nodes[1]);
        var publish = await first.Client.PostAsync(
            "/api/flows/import?publish=true",
            new StringContent(Flow, Encoding.UTF8, "application/json"),
            ct
        );
        publish.StatusCode.ShouldBe(HttpStatusCode.OK, await publish.Content.ReadAsStringAsync(ct));
        // The other node learns of the published route on its next look at the database.
        await WaitForRouteAsync(second, ct);

        var posting = Stopwatch.StartNew();
        var ids = await PostRoundRobinAsync([first, second], ct);
        posting.Stop();
        ids.Distinct().Count().ShouldBe(Runs);

        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync(ct);
        while (
            await CountAsync(db, """SELECT count(*) FROM runs WHERE "Status" = 'Completed'""", ct)
            < Runs / 2
        )
            await Task.Delay(50, ct);
        var leasedBySecond = await CountAsync(
            db,
            """SELECT count(*) FROM work_items WHERE "Status" = 'Leased' AND "LeasedBy" LIKE '%-' || @pid || '-%'""",
            ct,
            ("pid", second.ProcessId.ToString())
        );
        second.Kill();
        var killed = Stopwatch.StartNew();

        while (
            await CountAsync(db, """SELECT count(*) FROM runs WHERE "Status" = 'Completed'""", ct)
                < Runs
            && killed.Elapsed < Patience
        )
            await Task.Delay(100, ct);
        var recovery = killed.Elapsed;

        var runs = await ReadRunsAsync(db, ct);
        var lost = ids.Count(id => !runs.ContainsKey(id));
        var notCompleted = runs.Values.Count(r => r.Status != "Completed");
        var wrongOutput = runs.Values.Count(r =>
            r.State["output"]?["count"]?.GetValue<int>() != Items
        );
        var finishedTwice = runs.Values.Count(r => Executions(r.State, "finish") != 1);
        var repeatedActivities = runs.Values.Sum(r => RepeatedExecutions(r.State));
        var items = await CountAsync(
            db,
            """SELECT count(*) FROM work_items WHERE "Kind" = 'run' AND "Status" = 'Done'""",
            ct
        );
        Figures.Record(
            $"cluster async runs: {Runs} posted round-robin to 2 nodes in {posting.Elapsed.TotalSeconds:0.0} s; "
                + $"node 2 killed (SIGKILL) holding {leasedBySecond} leased items; all completed {recovery.TotalSeconds:0.0} s after the kill "
                + $"(lease {Lease.TotalSeconds:0} s); lost {lost}, not completed {notCompleted}, finished twice {finishedTwice}, "
                + $"repeated activities {repeatedActivities}, run work items done {items}"
        );

        lost.ShouldBe(0);
        notCompleted.ShouldBe(
            0,
            $"{notCompleted} runs did not complete within {Patience.TotalSeconds:0} s of the kill"
        );
        wrongOutput.ShouldBe(0);
        finishedTwice.ShouldBe(0);
        repeatedActivities.ShouldBe(0);
        items.ShouldBe(Runs);
    }

    private static async Task<List<string>> PostRoundRobinAsync(
        ServerProcess[] nodes,
        CancellationToken ct
    )
    {
        var ids = new string[Runs];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, Runs),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (n, token) =>
            {
                var response = await nodes[n % nodes.Length]
                    .Client.PostAsync(
                        "/hooks/cluster/work",
                        new StringContent(
                            $$"""{"n": {{n}}, "items": [{{string.Join(", ", Enumerable.Range(1, Items))}}]}""",
                            Encoding.UTF8,
                            "application/json"
                        ),
                        token
                    );
                response.StatusCode.ShouldBe(
                    HttpStatusCode.Accepted,
                    await response.Content.ReadAsStringAsync(token)
                );
                ids[n] = (await response.Content.ReadFromJsonAsync<JsonObject>(token))![
                    "runId"
                ]!.GetValue<string>();
            }
        );
        return [.. ids];
    }

    private static async Task WaitForRouteAsync(ServerProcess node, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var probe = await node.Client.GetAsync("/hooks/cluster/work", ct);
            if (probe.StatusCode != HttpStatusCode.NotFound)
                return;
            await Task.Delay(100, ct);
        }
        throw new TimeoutException("the second node never served the published route");
    }

    private sealed record StoredRun(string Status, JsonObject State);

    private static async Task<Dictionary<string, StoredRun>> ReadRunsAsync(
        NpgsqlConnection db,
        CancellationToken ct
    )
    {
        var runs = new Dictionary<string, StoredRun>();
        await using var command = new NpgsqlCommand(
            """SELECT "Id", "Status", "State" FROM runs""",
            db
        );
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            runs[reader.GetString(0)] = new StoredRun(
                reader.GetString(1),
                JsonNode.Parse(CompressedRunState.Json((byte[])reader[2]))!.AsObject()
            );
        return runs;
    }

    private static int Executions(JsonObject state, string activityId) =>
        state["journal"]!.AsArray().Count(e => e!["activityId"]!.GetValue<string>() == activityId);

    /// <summary>Activity executions recorded more than once for the same loop position.</summary>
    private static int RepeatedExecutions(JsonObject state) =>
        state["journal"]!
            .AsArray()
            .GroupBy(e =>
                (e!["activityId"]!.GetValue<string>(), e["iteration"]?.GetValue<string>())
            )
            .Sum(g => g.Count() - 1);

    private static async Task<long> CountAsync(
        NpgsqlConnection db,
        string sql,
        CancellationToken ct,
        params (string Name, object Value)[] parameters
    )
    {
        await using var command = new NpgsqlCommand(sql, db);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
