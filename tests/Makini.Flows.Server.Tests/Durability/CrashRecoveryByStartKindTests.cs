using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Tests.Shared;

namespace Makini.Flows.Server.Tests.Durability;

/// <summary>
/// Runs however they were started (API, async and sync HTTP triggers, an event, a schedule, the resumption after
/// a Delay) are held in flight by a call to <see cref="HeldEndpoint"/>, the server is killed with SIGKILL and
/// started again on the same database: every interrupted run completes with its exact output. A run whose
/// execution kills the server every time is given up after its attempts, and can then be retried.
/// </summary>
public abstract class CrashRecoveryByStartKindTests
{
    private static readonly string[] Kinds =
    [
        "api",
        "async",
        "sync",
        "event",
        "schedule",
        "resume",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The database settings of the server, one fresh database per call.</summary>
    protected abstract Task<Dictionary<string, string>> DatabaseAsync();

    [Fact]
    public async Task Runs_of_every_start_kind_interrupted_by_a_crash_complete_after_restart()
    {
        await using var endpoint = new HeldEndpoint();
        var settings = await SettingsAsync(endpoint);
        var port = ServerProcess.FreePort();
        var server = await ServerProcess.StartAsync(port, settings, Ct);
        try
        {
            foreach (var kind in Kinds)
                await PublishAsync(server, Flow(kind, endpoint));
            await PublishAsync(server, Flow("plain", endpoint));
            var callers = new List<Task>
            {
                CallAsync(server, "/api/flows/rec-api/runs", null),
                CallAsync(server, "/hooks/rec/async", null),
                CallAsync(server, "/hooks/rec/sync", "key-1"),
                CallAsync(server, "/hooks/rec/plain", null),
                CallAsync(server, "/api/flows/rec-resume/runs", null),
                CallAsync(
                    server,
                    "/api/events",
                    null,
                    """{"type": "sync.failed", "data": {"entity": "assets", "code": "CONNECTION_FAILED", "message": "boom"}}"""
                ),
            };
            foreach (var kind in Kinds.Append("plain"))
                await endpoint.WaitForAsync(kind, 1, Ct);
            var interrupted = new Dictionary<string, List<string>>();
            foreach (var kind in Kinds)
                interrupted[kind] = (await RunsAsync(server, kind))
                    .Where(run => run!["status"]!.GetValue<string>() is "Running" or "Suspended")
                    .Select(run => run!["id"]!.GetValue<string>())
                    .ToList();

            server.Kill();
            await server.DisposeAsync();
            await Task.WhenAll(callers.Select(IgnoreFailureAsync));
            endpoint.Release();
            server = await ServerProcess.StartAsync(port, settings, Ct);

            foreach (var (kind, ids) in interrupted)
            {
                ids.ShouldNotBeEmpty($"no {kind} run was in flight when the server was killed");
                foreach (var id in ids)
                {
                    var run = await FinishedAsync(server, id);
                    run["status"]!.GetValue<string>().ShouldBe("Completed", $"{kind} run {id}");
                    run["output"]!.ToJsonString().ShouldBe(Output(kind), $"{kind} run {id}");
                }
            }
            var retried = await server.Client.SendAsync(
                HookRequest("/hooks/rec/sync", "key-1"),
                Ct
            );
            (await retried.Content.ReadAsStringAsync(Ct)).ShouldBe(Output("sync"));
            (await RunsAsync(server, "plain")).ShouldAllBe(run =>
                run!["status"]!.GetValue<string>() != "Running"
            );
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_run_that_kills_the_server_every_time_is_given_up_after_its_attempts()
    {
        await using var endpoint = new HeldEndpoint();
        var settings = await SettingsAsync(endpoint);
        settings["Queue__MaxAttempts"] = "2";
        var port = ServerProcess.FreePort();
        var server = await ServerProcess.StartAsync(port, settings, Ct);
        try
        {
            await PublishAsync(server, Flow("api", endpoint));
            var caller = CallAsync(server, "/api/flows/rec-api/runs", null);
            // The first attempt (the API request) and the second (the queue, after a restart) die mid-call.
            for (var attempt = 1; attempt <= 2; attempt++)
            {
                await endpoint.WaitForAsync("api", attempt, Ct);
                server.Kill();
                await server.DisposeAsync();
                server = await ServerProcess.StartAsync(port, settings, Ct);
            }
            await IgnoreFailureAsync(caller);

            var id = (await RunsAsync(server, "api")).Single()!["id"]!.GetValue<string>();
            var run = await FinishedAsync(server, id);
            run["status"]!.GetValue<string>().ShouldBe("Faulted");
            run["error"]!["message"]!
                .GetValue<string>()
                .ShouldStartWith("the server stopped while this run was executing, 2 times");
            run["error"]!["activityId"]!.GetValue<string>().ShouldBe("call");
            endpoint.Received("api").ShouldBe(2);
            var dead = await server.Client.GetFromJsonAsync<JsonArray>(
                "/api/queue/items?status=Dead",
                Ct
            );
            dead!.ShouldContain(item => item!["payload"]!.GetValue<string>() == id);

            endpoint.Release();
            var retry = await server.Client.PostAsync($"/api/runs/{id}/retry", null, Ct);
            retry.StatusCode.ShouldBe(HttpStatusCode.OK, await retry.Content.ReadAsStringAsync(Ct));
            (await retry.Content.ReadFromJsonAsync<JsonObject>(Ct))!["output"]!
                .ToJsonString()
                .ShouldBe(Output("api"));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private async Task<Dictionary<string, string>> SettingsAsync(HeldEndpoint endpoint)
    {
        var settings = await DatabaseAsync();
        settings["Outbound__AllowedRanges__0"] = "127.0.0.1/32";
        // Leases of a killed node run out quickly (on SQLite they are taken back at start anyway).
        settings["Queue__Lease"] = "00:00:03";
        return settings;
    }

    private static string Output(string kind) => $$"""{"kind":"{{kind}}","answer":"released"}""";

    private static string Flow(string kind, HeldEndpoint endpoint)
    {
        var start = kind switch
        {
            "async" or "sync" or "plain" =>
                $$"""{ "id": "start", "type": "HttpTrigger", "inputs": { "path": { "literal": "rec/{{kind}}" }, "mode": { "literal": "{{(kind == "async" ? "async" : "sync")}}" }, "access": { "literal": "public" } } }""",
            "event" =>
                """{ "id": "start", "type": "EventTrigger", "inputs": { "eventType": { "literal": "sync.failed" } } }""",
            "schedule" =>
                """{ "id": "start", "type": "ScheduleTrigger", "inputs": { "cron": { "literal": "* * * * * *" }, "overlap": { "literal": "skip" } } }""",
            _ => """{ "id": "start", "type": "Start", "inputs": {} }""",
        };
        var pause =
            kind == "resume"
                ? """{ "id": "pause", "type": "Delay", "inputs": { "seconds": { "literal": 1 } } },"""
                : "";
        var first = kind == "resume" ? "pause" : "call";
        return $$"""
            {
              "$schema": "https://schemas.makini.io/flows/flow-v1.json",
              "id": "rec-{{kind}}",
              "name": "Recovery of a {{kind}} run",
              "activities": [
                {{start}},
                {{pause}}
                { "id": "call", "type": "HttpRequest", "inputs": { "url": { "literal": "{{endpoint.Url(
                kind
            )}}" }, "timeoutSeconds": { "literal": 300 }, "retries": { "literal": 0 } } },
                { "id": "finish", "type": "Finish", "inputs": { "output": { "js": "({ kind: '{{kind}}', answer: outputs.call.responseBody.answer })" } } }
              ],
              "connections": [
                { "source": "start", "sourcePort": "Done", "target": "{{first}}" },
                {{(
                kind == "resume"
                    ? """{ "source": "pause", "sourcePort": "Done", "target": "call" },"""
                    : ""
            )}}
                { "source": "call", "sourcePort": "Done", "target": "finish" }
              ]
            }
            """;
    }

    private static async Task PublishAsync(ServerProcess server, string flow)
    {
        var response = await server.Client.PostAsync(
            "/api/flows/import?publish=true",
            new StringContent(flow, Encoding.UTF8, "application/json"),
            Ct
        );
        response.StatusCode.ShouldBe(
            HttpStatusCode.OK,
            await response.Content.ReadAsStringAsync(Ct)
        );
    }

    private static HttpRequestMessage HookRequest(string path, string? key, string body = "{}")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (key is not null)
            request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    /// <summary>Sends the request without waiting: it may be cut off by the kill.</summary>
    private static Task CallAsync(
        ServerProcess server,
        string path,
        string? key,
        string body = "{}"
    ) => server.Client.SendAsync(HookRequest(path, key, body), Ct);

    private static async Task IgnoreFailureAsync(Task call)
    {
        try
        {
            await call;
        }
        catch (HttpRequestException)
        {
            // The server was killed while answering.
        }
    }

    private static async Task<JsonArray> RunsAsync(ServerProcess server, string kind) =>
        (await server.Client.GetFromJsonAsync<JsonArray>($"/api/runs?flowId=rec-{kind}", Ct))!;

    private static async Task<JsonObject> FinishedAsync(ServerProcess server, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var run = (await server.Client.GetFromJsonAsync<JsonObject>($"/api/runs/{id}", Ct))!;
            if (run["status"]!.GetValue<string>() is not ("Running" or "Suspended"))
                return run;
            if (DateTime.UtcNow > deadline)
                throw new ShouldAssertException(
                    $"run {id} is still {run["status"]} after the restart"
                );
            await Task.Delay(100, Ct);
        }
    }
}

public sealed class CrashRecoveryByStartKindOnSqliteTests
    : CrashRecoveryByStartKindTests,
        IDisposable
{
    private readonly List<string> _files = [];

    protected override Task<Dictionary<string, string>> DatabaseAsync()
    {
        var file = Path.Combine(Path.GetTempPath(), $"makini-recovery-{Guid.NewGuid():N}.db");
        _files.Add(file);
        return Task.FromResult(
            new Dictionary<string, string>
            {
                ["Database__Provider"] = "Sqlite",
                ["Database__ConnectionString"] = $"Data Source={file}",
            }
        );
    }

    public void Dispose()
    {
        foreach (var file in _files)
            File.Delete(file);
    }
}

public sealed class CrashRecoveryByStartKindOnPostgresTests(PostgresServer postgres)
    : CrashRecoveryByStartKindTests
{
    protected override async Task<Dictionary<string, string>> DatabaseAsync() =>
        new()
        {
            ["Database__Provider"] = "Postgres",
            ["Database__ConnectionString"] = await postgres.CreateDatabaseAsync(
                cancellationToken: TestContext.Current.CancellationToken
            ),
        };
}
