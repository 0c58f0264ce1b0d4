using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Tests.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makini.Flows.Server.Tests.StoredRuns;

/// <summary>How a run's state is stored: compressed, read back whole, and runs stored before as JSON text still read.</summary>
public abstract class StoredRunStateTests(ServerHost host) : IAsyncDisposable
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task A_whole_run_is_stored_compressed_and_reads_back_whole()
    {
        var client = host.ClientWithKey();
        var notes = string.Concat(
            Enumerable
                .Range(0, 200)
                .Select(i => $"inspection note {i}: bearing noise on pump P-{i % 7}. ")
        );
        var flow = File.ReadAllText(
            Path.Combine(
                ServerHost.RepositoryRoot(),
                "flows-samples",
                "work-order-triage.flow.json"
            )
        );
        (
            await client.PostAsync("/api/flows/import?publish=true", Json(flow), Ct)
        ).EnsureSuccessStatusCode();

        var started = await client.PostAsync(
            "/api/flows/work-order-triage/runs",
            Json(
                new JsonObject
                {
                    ["priority"] = "low",
                    ["estimatedCost"] = 1,
                    ["notes"] = notes,
                }.ToJsonString()
            ),
            Ct
        );
        started.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = JsonNode.Parse(await started.Content.ReadAsStringAsync(Ct))![
            "id"
        ]!.GetValue<string>();
        var run = await CompletedAsync(client, id);

        run["input"]!["notes"]!.GetValue<string>().ShouldBe(notes);
        var journal = await client.GetFromJsonAsync<JsonArray>($"/api/runs/{id}/journal", Ct);
        journal!.Count.ShouldBeGreaterThan(1);
        await using var scope = host.Services.CreateAsyncScope();
        var stored = await scope
            .ServiceProvider.GetRequiredService<FlowsDbContext>()
            .Runs.AsNoTracking()
            .SingleAsync(r => r.Id == id, Ct);
        stored.StateJson.ShouldBeNull();
        var json = CompressedRunState.Json(stored.State!);
        json.ShouldContain(notes);
        stored.State!.Length.ShouldBeLessThan(Encoding.UTF8.GetByteCount(json) / 4);
    }

    [Fact]
    public async Task A_run_stored_as_json_text_before_compression_still_reads()
    {
        var client = host.ClientWithKey();
        var legacy = """
            {"runId": "0000legacy0000000000000000000001", "flowId": "old-flow", "flowHash": "abc", "status": "Completed",
             "input": {"workOrder": "WO-7"}, "output": {"done": true}, "createdAt": "2026-11-01T10:00:00+00:00",
             "finishedAt": "2026-11-01T10:00:01+00:00",
             "journal": [{"sequence": 1, "activityId": "start", "activityType": "Start",
                          "startedAt": "2026-11-01T10:00:00+00:00", "durationMs": 1}]}
            """;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
            db.Runs.Add(
                new RunRecord
                {
                    Id = "0000legacy0000000000000000000001",
                    FlowId = "old-flow",
                    FlowVersion = 1,
                    Status = "Completed",
                    CreatedAt = new DateTime(2026, 11, 1, 10, 0, 0, DateTimeKind.Utc),
                    UpdatedAt = new DateTime(2026, 11, 1, 10, 0, 1, DateTimeKind.Utc),
                    StateJson = legacy,
                }
            );
            await db.SaveChangesAsync(Ct);
        }

        var run = await client.GetFromJsonAsync<JsonObject>(
            "/api/runs/0000legacy0000000000000000000001",
            Ct
        );
        var journal = await client.GetFromJsonAsync<JsonArray>(
            "/api/runs/0000legacy0000000000000000000001/journal",
            Ct
        );

        run!["input"]!["workOrder"]!.GetValue<string>().ShouldBe("WO-7");
        run["output"]!["done"]!.GetValue<bool>().ShouldBeTrue();
        journal!.Single()!["activityId"]!.GetValue<string>().ShouldBe("start");
    }

    private async Task<JsonObject> CompletedAsync(HttpClient client, string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var run = await client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}", Ct);
            if (run!["status"]!.GetValue<string>() is "Completed" or "Faulted")
                return run;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"run {id} did not finish in 20 s");
            await Task.Delay(100, Ct);
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
