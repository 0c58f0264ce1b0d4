using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Server.Tests.Api;
using Makini.Flows.Server.Tests.Connections;
using Makini.Flows.Tests.Fakes;
using static Makini.Flows.Server.Tests.Connections.ConnectionCalls;
using static Makini.Flows.Server.Tests.Sync.SyncCalls;

namespace Makini.Flows.Server.Tests.Sync;

/// <summary>Syncs have workers of their own: however many are under way, flow runs do not wait for them.</summary>
public sealed class SyncPoolTests : IAsyncLifetime
{
    private const int Syncs = 6;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ServerHost _host = TestDatabases
        .Sqlite()
        .Server(
            settings: new Dictionary<string, string>
            {
                ["Sync:Scheduled"] = "true",
                ["Sync:Parallelism"] = Syncs.ToString(),
                ["Sync:FirstSyncParallelism"] = Syncs.ToString(),
                ["Queue:Workers"] = "2",
            }
        );
    private readonly MaintainXFake _slowSource = new();

    public async ValueTask InitializeAsync()
    {
        _slowSource.AnswerDelay = TimeSpan.FromMilliseconds(400);
        await _slowSource.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _slowSource.AnswerDelay = TimeSpan.Zero;
        await _host.DisposeAsync();
        await _slowSource.DisposeAsync();
    }

    [Fact]
    public async Task A_flow_run_completes_while_more_syncs_run_than_the_queue_has_workers()
    {
        var admin = _host.ClientWithKey();
        var ids = new List<string>();
        for (var i = 0; i < Syncs; i++)
            ids.Add(Id(await CreateAsync(admin, MaintainX(_slowSource, $"Plant {i}"))));
        (await EventuallyAsync(async () => await RunningAsync(admin, ids) == Syncs)).ShouldBeTrue(
            "every connection's first sync should run at once, in the first syncs' own pool"
        );

        var status = await RunInTheBackgroundAsync(admin);

        status.ShouldBe("Completed");
        (await RunningAsync(admin, ids)).ShouldBeGreaterThan(0, "the syncs were still running");
    }

    private static async Task<int> RunningAsync(HttpClient admin, List<string> ids)
    {
        var running = 0;
        foreach (var id in ids)
            if ((await SyncStateAsync(admin, id))["state"]!.GetValue<string>() == "running")
                running++;
        return running;
    }

    private static async Task<string> RunInTheBackgroundAsync(HttpClient admin)
    {
        const string Flow = """
            {
              "$schema": "https://schemas.makini.io/flows/flow-v1.json",
              "id": "beside-syncs",
              "name": "beside-syncs",
              "activities": [
                { "id": "request", "type": "HttpTrigger", "inputs": { "path": { "literal": "beside/syncs" }, "mode": { "literal": "async" }, "access": { "literal": "public" } } },
                { "id": "answer", "type": "HttpResponse", "inputs": { "status": { "literal": 200 }, "body": { "js": "({ ok: true })" } } }
              ],
              "connections": [{ "source": "request", "sourcePort": "Done", "target": "answer" }]
            }
            """;
        var published = await admin.PostAsync(
            "/api/flows/import?publish=true",
            new StringContent(Flow, Encoding.UTF8, "application/json"),
            Ct
        );
        published.StatusCode.ShouldBe(HttpStatusCode.OK);
        var started = await admin.PostAsync(
            "/hooks/beside/syncs",
            new StringContent("{}", Encoding.UTF8, "application/json"),
            Ct
        );
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var runId = (await started.Content.ReadFromJsonAsync<JsonObject>(Ct))![
            "runId"
        ]!.GetValue<string>();
        var status = "Running";
        await EventuallyAsync(async () =>
        {
            var run = await admin.GetFromJsonAsync<JsonObject>($"/api/runs/{runId}", Ct);
            status = run!["status"]!.GetValue<string>();
            return status != "Running";
        });
        return status;
    }
}
