using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Tests.Shared;

namespace Makini.Flows.Server.Tests.Durability;

/// <summary>
/// The server is killed with SIGKILL while 200 async runs are queued or running; after a restart every run
/// completes, and no activity's effect is recorded twice.
/// </summary>
public sealed class CrashRecoveryTests
{
    private const int Runs = 200;
    private const int Items = 30;

    private const string Flow = """
        {
          "$schema": "https://schemas.makini.io/flows/flow-v1.json",
          "id": "crash-work",
          "name": "Work that survives a crash",
          "variables": [{ "name": "count", "type": "integer", "default": 0 }],
          "activities": [
            { "id": "request", "type": "HttpTrigger", "inputs": { "path": { "literal": "crash/work" }, "mode": { "literal": "async" }, "access": { "literal": "public" } } },
            { "id": "each", "type": "ForEach", "inputs": { "items": { "js": "input.body.items" } } },
            { "id": "add", "type": "SetVariable", "inputs": { "variable": { "literal": "count" }, "value": { "js": "vars.count + 1" } } },
            { "id": "note", "type": "Log", "inputs": { "message": { "js": "`item ${item}`" } } },
            { "id": "finish", "type": "Finish", "inputs": { "output": { "js": "({ count: vars.count })" } } }
          ],
          "connections": [
            { "source": "request", "sourcePort": "Done", "target": "each" },
            { "source": "each", "sourcePort": "Body", "target": "add" },
            { "source": "add", "sourcePort": "Done", "target": "note" },
            { "source": "each", "sourcePort": "Done", "target": "finish" }
          ]
        }
        """;

    [Fact]
    public async Task Runs_interrupted_by_sigkill_finish_after_restart_without_repeating_work()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = Path.Combine(Path.GetTempPath(), $"makini-crash-{Guid.NewGuid():N}.db");
        var port = ServerProcess.FreePort();
        var ids = new List<string>();
        var server = await ServerProcess.StartAsync(database, port, ct);
        try
        {
            var publish = await server.Client.PostAsync(
                "/api/flows/import?publish=true",
                new StringContent(Flow, Encoding.UTF8, "application/json"),
                ct
            );
            publish.StatusCode.ShouldBe(
                HttpStatusCode.OK,
                await publish.Content.ReadAsStringAsync(ct)
            );
            var body = $$"""{"items": [{{string.Join(", ", Enumerable.Range(1, Items))}}]}""";
            foreach (var batch in Enumerable.Range(0, Runs).Chunk(100))
            {
                var responses = await Task.WhenAll(
                    batch.Select(_ =>
                        server.Client.PostAsync(
                            "/hooks/crash/work",
                            new StringContent(body, Encoding.UTF8, "application/json"),
                            ct
                        )
                    )
                );
                foreach (var response in responses)
                {
                    response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
                    ids.Add(
                        (await response.Content.ReadFromJsonAsync<JsonObject>(ct))![
                            "runId"
                        ]!.GetValue<string>()
                    );
                }
            }
            var finishedBeforeKill = await CountCompletedAsync(server, ct);
            server.Kill();
            TestContext.Current.TestOutputHelper!.WriteLine(
                $"killed with {finishedBeforeKill} of {Runs} runs completed"
            );
            await server.DisposeAsync();

            var watch = Stopwatch.StartNew();
            server = await ServerProcess.StartAsync(database, port, ct);
            while (
                await CountCompletedAsync(server, ct) < Runs
                && watch.Elapsed < TimeSpan.FromSeconds(120)
            )
                await Task.Delay(200, ct);
            TestContext.Current.TestOutputHelper!.WriteLine(
                $"all runs finished {watch.Elapsed.TotalSeconds:0.0} s after the restart began"
            );

            var runs = await server.Client.GetFromJsonAsync<JsonArray>(
                "/api/runs?flowId=crash-work&limit=1000",
                ct
            );
            runs!.Count.ShouldBe(Runs);
            runs.ShouldAllBe(run => run!["status"]!.GetValue<string>() == "Completed");
            var repeated = 0;
            foreach (var id in ids)
            {
                var run = await server.Client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}", ct);
                run!["output"]!["count"]!.GetValue<int>().ShouldBe(Items);
                var journal = await server.Client.GetFromJsonAsync<JsonArray>(
                    $"/api/runs/{id}/journal",
                    ct
                );
                var executions = journal!
                    .GroupBy(e =>
                        (e!["activityId"]!.GetValue<string>(), e["iteration"]?.GetValue<string>())
                    )
                    .Sum(g => g.Count() - 1);
                executions.ShouldBeLessThanOrEqualTo(
                    1,
                    $"run {id} repeated {executions} activities"
                );
                repeated += executions;
            }
            TestContext.Current.TestOutputHelper!.WriteLine(
                $"{Runs} runs, 0 lost, {repeated} activity re-executions in all"
            );
        }
        finally
        {
            await server.DisposeAsync();
            File.Delete(database);
        }
    }

    private static async Task<int> CountCompletedAsync(
        ServerProcess server,
        CancellationToken ct
    ) =>
        (
            await server.Client.GetFromJsonAsync<JsonArray>(
                "/api/runs?flowId=crash-work&status=Completed&limit=1000",
                ct
            )
        )!.Count;
}
