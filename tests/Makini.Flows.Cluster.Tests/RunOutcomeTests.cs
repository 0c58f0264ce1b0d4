using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Activities.Tests.Support;
using Makini.Flows.Tests.Shared;
using static Makini.Flows.Cluster.Tests.ClusterApi;

namespace Makini.Flows.Cluster.Tests;

/// <summary>
/// Two nodes on one PostgreSQL. A run on the second node has just found that nobody listens for
/// <c>flow.run.completed</c> (its node keeps that answer in memory); then a webhook endpoint subscribed to it is
/// created on the first node, and a run ends on the second right after: that run's outcome is delivered. The
/// second node hears of the endpoint through the database's notification when it is committed, not when its
/// memory of "nobody listens" grows old.
/// </summary>
[Collection(OneAtATime.Name)]
public sealed class RunOutcomeTests(PostgresServer postgres)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private const string Flow = """
        {
          "$schema": "https://schemas.makini.io/flows/flow-v1.json",
          "id": "cluster-outcome",
          "name": "Answers at once",
          "activities": [
            { "id": "request", "type": "HttpTrigger", "inputs": { "path": { "literal": "cluster/outcome" }, "mode": { "literal": "sync" }, "access": { "literal": "public" } } },
            { "id": "finish", "type": "Finish", "inputs": { "output": { "js": "({ n: input.body.n })" } } }
          ],
          "connections": [{ "source": "request", "sourcePort": "Done", "target": "finish" }]
        }
        """;

    [Fact]
    public async Task An_endpoint_created_on_one_node_gets_the_outcome_of_a_run_ending_on_the_other_right_after()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await LoopbackSink.StartAsync();
        var database = await postgres.CreateDatabaseAsync(cancellationToken: ct);
        await using var cluster = await Cluster.StartAsync(
            database,
            nodes: 2,
            new()
            {
                ["Queue__PollInterval"] = "00:00:00.100",
                ["Outbound__AllowedRanges__0"] = "127.0.0.1/32",
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
        // Served by the second node once it heard of the flow; this run tells it that nobody listens yet.
        string? before = null;
        for (var attempt = 0; attempt < 100 && before is null; attempt++)
        {
            before = await RunAsync(second, 0, ct);
            if (before is null)
                await Task.Delay(100, ct);
        }
        before.ShouldNotBeNull("the second node never served the published route");
        // Stored (a synchronous run is written after it answered): the second node has asked whether anyone listens.
        var stored = DateTime.UtcNow + Patience;
        while (
            (await second.Client.GetAsync($"/api/runs/{before}", ct)).StatusCode
                != HttpStatusCode.OK
            && DateTime.UtcNow < stored
        )
            await Task.Delay(20, ct);

        var secret = await SubscribeAsync(
            first.Client,
            receiver.Url("/outcomes"),
            ["flow.run.completed"],
            ct
        );
        var runId = await RunAsync(second, 1, ct);

        runId.ShouldNotBeNull();
        var deadline = DateTime.UtcNow + Patience;
        while (!receiver.Requests.Any(r => RunOf(r) == runId) && DateTime.UtcNow < deadline)
            await Task.Delay(50, ct);
        var delivered = receiver.Requests.SingleOrDefault(r => RunOf(r) == runId);
        delivered.ShouldNotBeNull(
            $"the outcome of run {runId}, ended on the second node right after the endpoint was created on the first, was not delivered"
        );
        SpecReceiver.Accepts(secret, delivered, DateTimeOffset.UtcNow).ShouldBeTrue();
        var body = JsonNode.Parse(delivered.Body)!;
        body["type"]!.GetValue<string>().ShouldBe("flow.run.completed");
        body["data"]!["flowId"]!.GetValue<string>().ShouldBe("cluster-outcome");
    }

    /// <summary>Runs the flow on <paramref name="node"/>; its run id, or null while the node does not serve it.</summary>
    private static async Task<string?> RunAsync(ServerProcess node, int n, CancellationToken ct)
    {
        var response = await node.Client.PostAsync(
            "/hooks/cluster/outcome",
            new StringContent($$"""{"n": {{n}}}""", Encoding.UTF8, "application/json"),
            ct
        );
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.StatusCode.ShouldBe(
            HttpStatusCode.OK,
            await response.Content.ReadAsStringAsync(ct)
        );
        return response.Headers.GetValues("X-Run-Id").Single();
    }

    private static string? RunOf(ReceivedRequest request) =>
        JsonNode.Parse(request.Body)?["data"]?["runId"]?.GetValue<string>();
}
