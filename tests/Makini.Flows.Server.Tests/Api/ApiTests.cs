using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Makini.Flows.Server.Tests.Api;

/// <summary>The server's API as a client sees it; runs once per database provider.</summary>
public abstract class ApiTests(ServerHost host) : IAsyncDisposable
{
    private static readonly string Samples = Path.Combine(
        ServerHost.RepositoryRoot(),
        "flows-samples"
    );
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private static string Sample(string name) =>
        File.ReadAllText(Path.Combine(Samples, name + ".flow.json"));

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<JsonNode> BodyAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

    private async Task<HttpClient> WithPublishedSampleAsync(string name)
    {
        var client = host.ClientWithKey();
        var import = await client.PostAsync(
            "/api/flows/import?publish=true",
            Json(Sample(name)),
            Ct
        );
        import.StatusCode.ShouldBe(HttpStatusCode.OK, await import.Content.ReadAsStringAsync(Ct));
        return client;
    }

    [Fact]
    public async Task Every_api_call_needs_a_valid_key()
    {
        var anonymous = await host.ClientWithKey(null).GetAsync("/api/flows", Ct);
        var wrong = await host.ClientWithKey("mk_wrong").GetAsync("/api/flows", Ct);
        var health = await host.ClientWithKey(null).GetAsync("/health", Ct);

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        anonymous.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_runner_key_may_start_and_read_runs_but_not_change_flows()
    {
        var admin = await WithPublishedSampleAsync("work-order-triage");
        var created = await admin.PostAsJsonAsync(
            "/api/keys",
            new { name = "ci", role = "runner" },
            Ct
        );
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var runner = host.ClientWithKey((await BodyAsync(created))["key"]!.GetValue<string>());

        var run = await runner.PostAsync(
            "/api/flows/work-order-triage/runs",
            Json("""{"priority": "low", "estimatedCost": 1}"""),
            Ct
        );
        var read = await runner.GetAsync("/api/runs?flowId=work-order-triage", Ct);
        var import = await runner.PostAsync(
            "/api/flows/import",
            Json(Sample("work-order-triage")),
            Ct
        );

        run.StatusCode.ShouldBe(HttpStatusCode.Created);
        read.StatusCode.ShouldBe(HttpStatusCode.OK);
        import.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        import.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task A_deleted_key_stops_working_at_once()
    {
        var admin = host.ClientWithKey();
        var created = await BodyAsync(
            await admin.PostAsJsonAsync("/api/keys", new { name = "temp", role = "runner" }, Ct)
        );
        var temporary = host.ClientWithKey(created["key"]!.GetValue<string>());
        var before = await temporary.GetAsync("/api/runs", Ct);

        var deleted = await admin.DeleteAsync($"/api/keys/{created["id"]!.GetValue<string>()}", Ct);
        var after = await temporary.GetAsync("/api/runs", Ct);

        before.StatusCode.ShouldBe(HttpStatusCode.OK);
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        after.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Work_that_keeps_failing_ends_dead_and_an_operator_can_retry_it()
    {
        var admin = host.ClientWithKey();
        long id;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
            var item = scope
                .ServiceProvider.GetRequiredService<WorkQueue>()
                .Enqueue(db, WorkKinds.Resume, "not-a-run-and-bookmark");
            item.MaxAttempts = 1;
            await db.SaveChangesAsync(Ct);
            id = item.Id;
        }
        host.Services.GetRequiredService<WorkQueue>().Signal();

        var dead = await EventuallyAsync(async () =>
            (
                await admin.GetFromJsonAsync<JsonArray>("/api/queue/items?status=Dead", Ct)
            )!.FirstOrDefault(i => i!["id"]!.GetValue<long>() == id)
        );
        var summary = await admin.GetFromJsonAsync<JsonObject>("/api/queue", Ct);
        var retried = await admin.PostAsync($"/api/queue/items/{id}/retry", null, Ct);
        var notDead = await admin.PostAsync("/api/queue/items/999999999/retry", null, Ct);
        var badStatus = await admin.GetAsync("/api/queue/items?status=Lost", Ct);

        dead["lastError"]!
            .GetValue<string>()
            .ShouldContain("'not-a-run-and-bookmark' is not runId/bookmarkId");
        dead["attempts"]!.GetValue<int>().ShouldBe(1);
        summary!["dead"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(1);
        retried.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        notDead.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        badStatus.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_flow_limited_to_one_concurrent_run_executes_its_background_runs_one_after_another()
    {
        var flow = JsonNode.Parse(TriggerFlow("one-at-a-time", "serial/work", "async", "public"))!;
        flow["settings"] = new JsonObject { ["maxConcurrentRuns"] = 1 };
        flow["activities"]!.AsArray()[1]!["inputs"]!["body"] = new JsonObject
        {
            // Some work, so that runs allowed to overlap would.
            ["js"] = "let s = 0; for (let i = 0; i < 200000; i++) s += i % 7; s",
        };
        await PublishAsync(flow.ToJsonString());
        var caller = host.ClientWithKey(null);

        var started = await Task.WhenAll(
            Enumerable
                .Range(0, 4)
                .Select(async n =>
                    (
                        await BodyAsync(
                            await caller.PostAsync(
                                "/hooks/serial/work",
                                Json($$"""{"id": {{n}}, "title": "t"}"""),
                                Ct
                            )
                        )
                    )["runId"]!.GetValue<string>()
                )
        );
        var spans = new List<(DateTime Start, DateTime End)>();
        foreach (var id in started)
        {
            var run = await EventuallyAsync(async () =>
            {
                var found = await host.ClientWithKey()
                    .GetFromJsonAsync<JsonObject>($"/api/runs/{id}", Ct);
                return found!["status"]!.GetValue<string>() == "Completed" ? found : null;
            });
            var journal = await host.ClientWithKey()
                .GetFromJsonAsync<JsonArray>($"/api/runs/{id}/journal", Ct);
            spans.Add(
                (
                    journal!.Min(e => e!["startedAt"]!.GetValue<DateTime>()),
                    journal!.Max(e => e!["endedAt"]!.GetValue<DateTime>())
                )
            );
        }

        var ordered = spans.OrderBy(s => s.Start).ToList();
        for (var i = 1; i < ordered.Count; i++)
            ordered[i]
                .Start.ShouldBeGreaterThanOrEqualTo(
                    ordered[i - 1].End,
                    "two runs of the flow overlapped"
                );
    }

    [Fact]
    public async Task A_background_run_waiting_on_a_delay_is_resumed_by_the_queue_when_it_ends()
    {
        await PublishAsync(
            """
            {
              "$schema": "https://schemas.makini.io/flows/flow-v1.json",
              "id": "wait-then-answer",
              "name": "Wait, then finish",
              "activities": [
                { "id": "request", "type": "HttpTrigger", "inputs": { "path": { "literal": "wait/then" }, "mode": { "literal": "async" }, "access": { "literal": "public" } } },
                { "id": "pause", "type": "Delay", "inputs": { "seconds": { "literal": 1 } } },
                { "id": "finish", "type": "Finish", "inputs": { "output": { "js": "({ waited: true, id: input.body.id })" } } }
              ],
              "connections": [
                { "source": "request", "sourcePort": "Done", "target": "pause" },
                { "source": "pause", "sourcePort": "Done", "target": "finish" }
              ]
            }
            """
        );

        var accepted = await BodyAsync(
            await host.ClientWithKey(null).PostAsync("/hooks/wait/then", Json("""{"id": 3}"""), Ct)
        );
        var runId = accepted["runId"]!.GetValue<string>();
        var suspended = await EventuallyAsync(async () =>
        {
            var run = await host.ClientWithKey()
                .GetFromJsonAsync<JsonObject>($"/api/runs/{runId}", Ct);
            return run!["status"]!.GetValue<string>() is "Suspended" or "Completed" ? run : null;
        });
        var completed = await EventuallyAsync(async () =>
        {
            var run = await host.ClientWithKey()
                .GetFromJsonAsync<JsonObject>($"/api/runs/{runId}", Ct);
            return run!["status"]!.GetValue<string>() == "Completed" ? run : null;
        });

        suspended["status"]!.GetValue<string>().ShouldBe("Suspended");
        JsonNode
            .DeepEquals(completed["output"], JsonNode.Parse("""{"waited": true, "id": 3}"""))
            .ShouldBeTrue();
    }

    private async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            if (await probe() is { } found)
                return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("the expected state was not reached in 20 s");
            await Task.Delay(100, Ct);
        }
    }

    [Fact]
    public async Task Import_then_export_gives_the_same_bytes()
    {
        var client = host.ClientWithKey();
        var original = Sample("overdue-work-orders");

        (await client.PostAsync("/api/flows/import", Json(original), Ct)).StatusCode.ShouldBe(
            HttpStatusCode.OK
        );
        var exported = await client.GetStringAsync("/api/flows/overdue-work-orders/export", Ct);

        exported.ShouldBe(original);
    }

    [Fact]
    public async Task An_invalid_import_returns_every_problem_and_stores_nothing()
    {
        var client = host.ClientWithKey();
        var good = Sample("work-order-triage");
        var badSchema = JsonNode.Parse(Sample("sync-summary-fork-join"))!;
        badSchema["activities"]![2]!.AsObject().Remove("id");
        var badType = JsonNode.Parse(Sample("overdue-work-orders"))!;
        badType["activities"]![1]!["type"] = "Teleport";

        var response = await client.PostAsync(
            "/api/flows/import",
            Json($"[{good}, {badSchema.ToJsonString()}, {badType.ToJsonString()}]"),
            Ct
        );

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var pointers = (await BodyAsync(response))["errors"]!
            .AsArray()
            .Select(e => e!["pointer"]!.GetValue<string>())
            .ToList();
        pointers.ShouldContain("/1/activities/2/id");
        pointers.ShouldContain("/2/activities/1/type");
        (await client.GetAsync("/api/flows/work-order-triage", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.NotFound
        );
    }

    [Fact]
    public async Task Bad_input_is_a_4xx_problem_never_a_5xx()
    {
        var client = host.ClientWithKey();

        var notJson = await client.PostAsync("/api/flows", Json("{ oops"), Ct);
        var huge = await client.PostAsync(
            "/api/flows/import",
            Json(new string(' ', 20 * 1024 * 1024) + "{}"),
            Ct
        );
        var unknownFlow = await client.GetAsync("/api/flows/no-such-flow", Ct);
        var unknownRun = await client.GetAsync("/api/runs/no-such-run", Ct);

        notJson.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await BodyAsync(notJson))["errors"]![0]!["line"]!.GetValue<int>().ShouldBe(1);
        huge.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        unknownFlow.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknownRun.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        ((await client.GetFromJsonAsync<JsonArray>("/api/flows", Ct))!).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_published_flow_runs_and_its_run_and_journal_can_be_read()
    {
        var client = await WithPublishedSampleAsync("work-order-triage");

        var started = await client.PostAsync(
            "/api/flows/work-order-triage/runs",
            Json("""{"priority": "High", "estimatedCost": 7200}"""),
            Ct
        );
        started.StatusCode.ShouldBe(
            HttpStatusCode.Created,
            await started.Content.ReadAsStringAsync(Ct)
        );
        var run = await BodyAsync(started);
        var id = run["id"]!.GetValue<string>();
        var listed = await client.GetFromJsonAsync<JsonArray>(
            "/api/runs?flowId=work-order-triage&status=Completed",
            Ct
        );
        var journal = await client.GetFromJsonAsync<JsonArray>($"/api/runs/{id}/journal", Ct);

        run["status"]!.GetValue<string>().ShouldBe("Completed");
        JsonNode
            .DeepEquals(run["output"], JsonNode.Parse("""{"slaHours": 4, "needsApproval": true}"""))
            .ShouldBeTrue();
        listed!.Select(r => r!["id"]!.GetValue<string>()).ShouldContain(id);
        journal!
            .Select(e => e!["activityId"]!.GetValue<string>())
            .ShouldBe(["start", "priority", "high", "costly", "approval"]);
    }

    [Fact]
    public async Task Input_that_does_not_fit_is_refused_with_pointers()
    {
        var client = await WithPublishedSampleAsync("work-order-triage");

        var response = await client.PostAsync(
            "/api/flows/work-order-triage/runs",
            Json("""{"priority": 5}"""),
            Ct
        );

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var pointers = (await BodyAsync(response))["errors"]!
            .AsArray()
            .Select(e => e!["pointer"]!.GetValue<string>());
        pointers.ShouldBe(["/input/priority", "/input/estimatedCost"], ignoreOrder: true);
    }

    [Fact]
    public async Task Publishing_versions_and_reverting_a_draft()
    {
        var client = await WithPublishedSampleAsync("work-order-triage");
        var changed = JsonNode.Parse(Sample("work-order-triage"))!;
        changed["name"] = "Triage, second edition";

        (
            await client.PutAsync("/api/flows/work-order-triage", Json(changed.ToJsonString()), Ct)
        ).StatusCode.ShouldBe(HttpStatusCode.OK);
        (
            await client.PostAsync("/api/flows/work-order-triage/publish", null, Ct)
        ).StatusCode.ShouldBe(HttpStatusCode.OK);
        var versions = await client.GetFromJsonAsync<JsonArray>(
            "/api/flows/work-order-triage/versions",
            Ct
        );
        (
            await client.PostAsync("/api/flows/work-order-triage/versions/1/revert", null, Ct)
        ).StatusCode.ShouldBe(HttpStatusCode.OK);
        var draft = await client.GetFromJsonAsync<JsonObject>("/api/flows/work-order-triage", Ct);

        versions!.Select(v => v!["version"]!.GetValue<int>()).ShouldBe([2, 1]);
        draft!["publishedVersion"]!.GetValue<int>().ShouldBe(2);
        draft["draft"]!["name"]!.GetValue<string>().ShouldBe("Work order triage");
    }

    [Fact]
    public async Task A_draft_with_errors_is_kept_as_work_in_progress_and_publishing_refuses_it()
    {
        var client = await WithPublishedSampleAsync("work-order-triage");
        var unfinished = JsonNode.Parse(Sample("work-order-triage"))!;
        unfinished["activities"]![4]!["inputs"]!["condition"] = new JsonObject
        {
            ["js"] = "input.estimatedCost >",
        };

        var saved = await client.PutAsync(
            "/api/flows/work-order-triage",
            Json(unfinished.ToJsonString()),
            Ct
        );
        var publishing = await client.PostAsync("/api/flows/work-order-triage/publish", null, Ct);
        var notAFlow = unfinished.DeepClone();
        notAFlow["activities"]![1]!["type"] = "NoSuchActivity";
        var refused = await client.PutAsync(
            "/api/flows/work-order-triage",
            Json(notAFlow.ToJsonString()),
            Ct
        );
        var stored = await client.GetFromJsonAsync<JsonObject>("/api/flows/work-order-triage", Ct);

        saved.StatusCode.ShouldBe(HttpStatusCode.OK);
        var problems = (await BodyAsync(saved))["problems"]!.AsArray();
        problems
            .Select(p => $"{p!["code"]} {p["pointer"]}")
            .ShouldBe(["script-syntax /activities/4/inputs/condition/js"]);
        publishing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await BodyAsync(publishing))["errors"]!
            .AsArray()
            .Select(e => e!["pointer"]!.GetValue<string>())
            .ShouldContain("/activities/4/inputs/condition/js");
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        stored!["publishedVersion"]!.GetValue<int>().ShouldBe(1);
        stored["draft"]!["activities"]![4]!["inputs"]!["condition"]!["js"]!
            .GetValue<string>()
            .ShouldBe("input.estimatedCost >");
        stored["draft"]!["activities"]![1]!["type"]!.GetValue<string>().ShouldBe("Switch");
    }

    [Fact]
    public async Task A_suspended_run_is_resumed_through_its_bookmark()
    {
        // The sample's back-off, made an hour long: the queue would resume it when it ends; the API resumes it now.
        var flow = JsonNode.Parse(Sample("retry-until-ready"))!;
        flow["activities"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "wait")![
            "inputs"
        ]!["seconds"] = new JsonObject { ["literal"] = 3600 };
        var client = host.ClientWithKey();
        (
            await client.PostAsync("/api/flows/import?publish=true", Json(flow.ToJsonString()), Ct)
        ).StatusCode.ShouldBe(HttpStatusCode.OK);

        var run = await BodyAsync(
            await client.PostAsync(
                "/api/flows/retry-until-ready/runs",
                Json("""{"readyOnAttempt": 2, "maxAttempts": 5}"""),
                Ct
            )
        );
        run["status"]!.GetValue<string>().ShouldBe("Suspended");
        var id = run["id"]!.GetValue<string>();
        var bookmark = run["bookmarks"]![0]!["id"]!.GetValue<string>();
        var resumedResponse = await client.PostAsync(
            $"/api/runs/{id}/bookmarks/{bookmark}/resume",
            null,
            Ct
        );
        resumedResponse.StatusCode.ShouldBe(
            HttpStatusCode.OK,
            await resumedResponse.Content.ReadAsStringAsync(Ct)
        );
        var resumed = await BodyAsync(resumedResponse);
        var again = await client.PostAsync($"/api/runs/{id}/bookmarks/{bookmark}/resume", null, Ct);

        resumed["status"]!.GetValue<string>().ShouldBe("Completed");
        JsonNode
            .DeepEquals(resumed["output"], JsonNode.Parse("""{"attempts": 2, "ready": true}"""))
            .ShouldBeTrue();
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_faulted_run_is_retried_from_the_failed_activity()
    {
        var client = await WithPublishedSampleAsync("maintainx-work-order-mapping");
        var run = await BodyAsync(
            await client.PostAsync(
                "/api/flows/maintainx-work-order-mapping/runs",
                Json("""{"workOrder": {"id": 1, "title": null}}"""),
                Ct
            )
        );
        run["status"]!.GetValue<string>().ShouldBe("Faulted");
        var id = run["id"]!.GetValue<string>();

        var retried = await BodyAsync(await client.PostAsync($"/api/runs/{id}/retry", null, Ct));
        var journal = await client.GetFromJsonAsync<JsonArray>($"/api/runs/{id}/journal", Ct);

        var failed = run["error"]!["activityId"]!.GetValue<string>();
        retried["status"]!.GetValue<string>().ShouldBe("Faulted");
        journal!.Count(e => e!["activityId"]!.GetValue<string>() == "start").ShouldBe(1);
        journal!.Count(e => e!["activityId"]!.GetValue<string>() == failed).ShouldBe(2);
    }

    [Fact]
    public async Task The_designer_catalog_is_served()
    {
        var client = host.ClientWithKey();

        var activities = await client.GetFromJsonAsync<JsonArray>("/api/activities", Ct);
        // Public, as flow files name it in $schema; draft-07's "$id" at the root.
        var schema = await host.ClientWithKey(null).GetStringAsync("/api/schemas/flow.json", Ct);
        var root = JsonNode.Parse(schema)!.AsObject();
        root["$id"]!.GetValue<string>().ShouldBe("https://schemas.makini.io/flows/flow-v1.json");
        root.ContainsKey("id").ShouldBeFalse();
        var check = await client.PostAsJsonAsync(
            "/api/expressions/validate",
            new { language = "cs", source = "var a = ;" },
            Ct
        );
        var withoutSource = await client.PostAsJsonAsync(
            "/api/expressions/validate",
            new { language = "js", source = (string?)null },
            Ct
        );

        activities!.Select(a => a!["type"]!.GetValue<string>()).ShouldContain("ForEach");
        schema.ShouldBe(
            File.ReadAllText(
                Path.Combine(ServerHost.RepositoryRoot(), "schemas", "flow.schema.json")
            )
        );
        (await BodyAsync(check))["problems"]![0]!["line"]!.GetValue<int>().ShouldBe(1);
        withoutSource.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await BodyAsync(withoutSource))["pointer"]!.GetValue<string>().ShouldBe("/source");
    }

    [Fact]
    public async Task The_api_documentation_is_published()
    {
        var client = host.ClientWithKey(null);

        var document = await client.GetFromJsonAsync<JsonObject>("/api/openapi.json", Ct);
        var page = await client.GetAsync("/api/docs", Ct);

        document!["paths"]!.AsObject().Select(p => p.Key).ShouldContain("/api/flows/import");
        document["components"]!["securitySchemes"]!["ApiKey"]!["scheme"]!
            .GetValue<string>()
            .ShouldBe("bearer");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static string TriggerFlow(string id, string path, string mode, string access) =>
        $$"""
            {
              "$schema": "https://schemas.makini.io/flows/flow-v1.json",
              "id": "{{id}}",
              "name": "{{id}}",
              "activities": [
                { "id": "request", "type": "HttpTrigger", "inputs": { "path": { "literal": "{{path}}" }, "mode": { "literal": "{{mode}}" }, "access": { "literal": "{{access}}" } } },
                { "id": "answer", "type": "HttpResponse", "inputs": { "status": { "literal": 201 }, "body": { "js": "({ key: String(input.body.id), title: input.body.title.toUpperCase(), source: input.query.source ?? null })" } } }
              ],
              "connections": [{ "source": "request", "sourcePort": "Done", "target": "answer" }]
            }
            """;

    private async Task PublishAsync(string flowJson)
    {
        var response = await host.ClientWithKey()
            .PostAsync("/api/flows/import?publish=true", Json(flowJson), Ct);
        response.StatusCode.ShouldBe(
            HttpStatusCode.OK,
            await response.Content.ReadAsStringAsync(Ct)
        );
    }

    [Fact]
    public async Task A_public_sync_trigger_answers_with_the_flows_response_and_records_the_run()
    {
        await PublishAsync(TriggerFlow("hook-sync", "work-orders/created", "sync", "public"));
        var caller = host.ClientWithKey(null);
        var before = DateTime.UtcNow.AddSeconds(-1);

        var response = await caller.PostAsync(
            "/hooks/work-orders/created?source=maintainx",
            Json("""{"id": 7, "title": "fix pump"}"""),
            Ct
        );

        response.StatusCode.ShouldBe(
            HttpStatusCode.Created,
            await response.Content.ReadAsStringAsync(Ct)
        );
        JsonNode
            .DeepEquals(
                await BodyAsync(response),
                JsonNode.Parse("""{"key": "7", "title": "FIX PUMP", "source": "maintainx"}""")
            )
            .ShouldBeTrue();
        var runId = response.Headers.GetValues("X-Run-Id").Single();
        var run = await host.ClientWithKey().GetFromJsonAsync<JsonObject>($"/api/runs/{runId}", Ct);
        run!["status"]!.GetValue<string>().ShouldBe("Completed");
        run["input"]!["headers"]!.AsObject().ContainsKey("authorization").ShouldBeFalse();
        run["finishedAt"]!.GetValue<DateTime>().ToUniversalTime().ShouldBeGreaterThan(before);
        var window =
            $"flowId=hook-sync&from={before:O}&to={DateTime.UtcNow.AddSeconds(1):O}".Replace(
                "+",
                "%2B"
            );
        var listed = await host.ClientWithKey()
            .GetFromJsonAsync<JsonArray>($"/api/runs?{window}", Ct);
        listed!.Select(r => r!["id"]!.GetValue<string>()).ShouldBe([runId]);
    }

    [Fact]
    public async Task A_triggers_answer_shows_text_in_any_language_as_itself_and_escapes_html()
    {
        await PublishAsync(TriggerFlow("hook-text", "work-orders/text", "sync", "public"));
        var caller = host.ClientWithKey(null);

        // Compiled mapping, then a script Jint finishes (non-ASCII upper case): both answers read the same way.
        var compiled = await caller.PostAsync(
            "/hooks/work-orders/text?source=Z%C3%BCrich",
            Json("""{"id": 1, "title": "valve <b>"}"""),
            Ct
        );
        var interpreted = await caller.PostAsync(
            "/hooks/work-orders/text?source=%E6%9D%B1%E4%BA%AC",
            Json("""{"id": 2, "title": "ölpumpe"}"""),
            Ct
        );

        var first = await compiled.Content.ReadAsStringAsync(Ct);
        var second = await interpreted.Content.ReadAsStringAsync(Ct);
        first.ShouldBe("""{"key":"1","title":"VALVE \u003CB\u003E","source":"Zürich"}""");
        second.ShouldBe("""{"key":"2","title":"ÖLPUMPE","source":"東京"}""");
        compiled.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
    }

    [Theory]
    [InlineData("all")]
    [InlineData("errors")]
    [InlineData("none")]
    public async Task A_sync_trigger_answers_with_its_response_whatever_the_journal_keeps(
        string journal
    )
    {
        var flow = JsonNode.Parse(
            TriggerFlow($"hook-{journal}", $"journal/{journal}", "sync", "public")
        )!;
        flow["settings"] = new JsonObject { ["journal"] = journal };
        await PublishAsync(flow.ToJsonString());

        var response = await host.ClientWithKey(null)
            .PostAsync($"/hooks/journal/{journal}", Json("""{"id": 8, "title": "oil"}"""), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        JsonNode
            .DeepEquals(
                await BodyAsync(response),
                JsonNode.Parse("""{"key": "8", "title": "OIL", "source": null}""")
            )
            .ShouldBeTrue();
    }

    [Fact]
    public async Task A_protected_trigger_needs_a_key_and_bad_requests_get_problems()
    {
        await PublishAsync(TriggerFlow("hook-protected", "secure/in", "sync", "apiKey"));

        var anonymous = await host.ClientWithKey(null)
            .PostAsync("/hooks/secure/in", Json("""{"id": 1, "title": "a"}"""), Ct);
        var withKey = await host.ClientWithKey()
            .PostAsync("/hooks/secure/in", Json("""{"id": 1, "title": "a"}"""), Ct);
        var badJson = await host.ClientWithKey().PostAsync("/hooks/secure/in", Json("{ nope"), Ct);
        var wrongMethod = await host.ClientWithKey().GetAsync("/hooks/secure/in", Ct);
        var unknown = await host.ClientWithKey().PostAsync("/hooks/nowhere", Json("{}"), Ct);

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        withKey.StatusCode.ShouldBe(HttpStatusCode.Created);
        badJson.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        wrongMethod.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_async_trigger_answers_202_and_the_run_completes_in_the_background()
    {
        await PublishAsync(TriggerFlow("hook-async", "later", "async", "public"));

        var response = await host.ClientWithKey(null)
            .PostAsync("/hooks/later", Json("""{"id": 3, "title": "queued"}"""), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        response.Headers.Location!.ToString().ShouldStartWith("/api/runs/");
        var runId = (await BodyAsync(response))["runId"]!.GetValue<string>();
        JsonObject? run = null;
        for (
            var attempt = 0;
            attempt < 200 && run?["status"]?.GetValue<string>() is null or "Running";
            attempt++
        )
        {
            await Task.Delay(50, Ct);
            run = await host.ClientWithKey().GetFromJsonAsync<JsonObject>($"/api/runs/{runId}", Ct);
        }
        run!["status"]!.GetValue<string>().ShouldBe("Completed");
    }

    [Fact]
    public async Task Fifty_concurrent_requests_with_one_idempotency_key_start_exactly_one_run()
    {
        await PublishAsync(TriggerFlow("hook-once", "once", "sync", "public"));

        var responses = await Task.WhenAll(
            Enumerable
                .Range(0, 50)
                .Select(_ =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/once")
                    {
                        Content = Json("""{"id": 1, "title": "only once"}"""),
                    };
                    request.Headers.Add("Idempotency-Key", "order-1");
                    return host.ClientWithKey(null).SendAsync(request, Ct);
                })
        );

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created);
        responses
            .Select(r => r.Headers.GetValues("X-Run-Id").Single())
            .Distinct()
            .Count()
            .ShouldBe(1);
        var runs = await host.ClientWithKey()
            .GetFromJsonAsync<JsonArray>("/api/runs?flowId=hook-once", Ct);
        runs!.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Two_flows_cannot_own_the_same_route()
    {
        await PublishAsync(TriggerFlow("hook-first", "shared", "sync", "public"));

        var second = await host.ClientWithKey()
            .PostAsync(
                "/api/flows/import?publish=true",
                Json(TriggerFlow("hook-second", "shared", "sync", "public")),
                Ct
            );

        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await host.ClientWithKey().GetAsync("/api/flows/hook-second", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.NotFound
        );
    }

    [Fact]
    public async Task Live_events_show_a_run_activity_by_activity()
    {
        var client = await WithPublishedSampleAsync("work-order-triage");
        using var stream = await client.GetAsync(
            "/api/events?flowId=work-order-triage",
            HttpCompletionOption.ResponseHeadersRead,
            Ct
        );
        stream.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(Ct));
        (await reader.ReadLineAsync(Ct)).ShouldBe(": subscribed");

        var started = await client.PostAsync(
            "/api/flows/work-order-triage/runs",
            Json("""{"priority": "low", "estimatedCost": 1}"""),
            Ct
        );
        started.StatusCode.ShouldBe(HttpStatusCode.Created);
        var events = new List<(string Type, string? Activity)>();
        while (events.LastOrDefault().Type != "run.finished")
        {
            var line = await reader.ReadLineAsync(Ct);
            if (line?.StartsWith("data: ") == true)
            {
                var data = JsonNode.Parse(line["data: ".Length..])!;
                events.Add(
                    (data["type"]!.GetValue<string>(), data["activityId"]?.GetValue<string>())
                );
            }
        }

        events.ShouldBe([
            ("run.started", null),
            ("activity.started", "start"),
            ("activity.completed", "start"),
            ("activity.started", "priority"),
            ("activity.completed", "priority"),
            ("activity.started", "costly"),
            ("activity.completed", "costly"),
            ("activity.started", "direct"),
            ("activity.completed", "direct"),
            ("run.finished", null),
        ]);
    }

    [Fact]
    public async Task A_flows_settings_decide_which_journals_and_runs_are_kept()
    {
        var flow = JsonNode.Parse(Sample("work-order-triage"))!;
        flow["settings"] = JsonNode.Parse("""{"journal": "errors", "retainRunsDays": 0}""");
        var client = host.ClientWithKey();
        (
            await client.PostAsync("/api/flows/import?publish=true", Json(flow.ToJsonString()), Ct)
        ).StatusCode.ShouldBe(HttpStatusCode.OK);

        var completed = await BodyAsync(
            await client.PostAsync(
                "/api/flows/work-order-triage/runs",
                Json("""{"priority": "low", "estimatedCost": 1}"""),
                Ct
            )
        );
        var journal = await client.GetFromJsonAsync<JsonArray>(
            $"/api/runs/{completed["id"]!.GetValue<string>()}/journal",
            Ct
        );
        var deleted = await host.Services.GetRequiredService<Runs.RunRetention>().SweepAsync(Ct);
        var remaining = await client.GetFromJsonAsync<JsonArray>(
            "/api/runs?flowId=work-order-triage",
            Ct
        );

        completed["status"]!.GetValue<string>().ShouldBe("Completed");
        journal!.ShouldBeEmpty();
        deleted.ShouldBe(1);
        remaining!.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_flow_keeping_summaries_stores_completed_runs_without_their_data_and_failed_runs_whole()
    {
        var flow = JsonNode.Parse(TriggerFlow("hook-summary", "summary/orders", "sync", "public"))!;
        flow["settings"] = JsonNode.Parse("""{"journal": "all", "completedRuns": "summary"}""");
        await PublishAsync(flow.ToJsonString());
        var caller = host.ClientWithKey(null);
        var client = host.ClientWithKey();

        var answered = await caller.PostAsync(
            "/hooks/summary/orders",
            Json("""{"id": 7, "title": "fix pump"}"""),
            Ct
        );
        var broken = await caller.PostAsync("/hooks/summary/orders", Json("""{"id": 8}"""), Ct);
        var runs = await client.GetFromJsonAsync<JsonArray>("/api/runs?flowId=hook-summary", Ct);
        var details = new Dictionary<string, JsonNode>();
        foreach (var run in runs!)
            details[run!["status"]!.GetValue<string>()] = (
                await client.GetFromJsonAsync<JsonNode>($"/api/runs/{run["id"]}", Ct)
            )!;
        var completedJournal = await client.GetFromJsonAsync<JsonArray>(
            $"/api/runs/{details["Completed"]["id"]}/journal",
            Ct
        );

        answered.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await BodyAsync(answered))["key"]!.GetValue<string>().ShouldBe("7");
        broken.IsSuccessStatusCode.ShouldBeFalse();
        details.Keys.ShouldBe(["Completed", "Faulted"], ignoreOrder: true);
        details["Completed"]["input"].ShouldBeNull();
        details["Completed"]["output"].ShouldBeNull();
        completedJournal!.ShouldBeEmpty();
        details["Faulted"]["input"]!["body"]!["id"]!.GetValue<int>().ShouldBe(8);
        details["Faulted"]["error"]!["message"]!.GetValue<string>().ShouldContain("toUpperCase");
    }

    [Fact]
    public async Task A_signed_trigger_refuses_requests_without_a_valid_standard_webhooks_signature()
    {
        var flow = JsonNode.Parse(TriggerFlow("hook-signed", "partner/events", "sync", "public"))!;
        flow["activities"]![0]!["inputs"]!["signatureSecret"] = JsonNode.Parse(
            """{"literal": "partner"}"""
        );
        await PublishAsync(flow.ToJsonString());
        var unknownSecret = JsonNode.Parse(
            TriggerFlow("hook-unconfigured", "other/events", "sync", "public")
        )!;
        unknownSecret["activities"]![0]!["inputs"]!["signatureSecret"] = JsonNode.Parse(
            """{"literal": "nobody"}"""
        );
        await PublishAsync(unknownSecret.ToJsonString());
        const string body = """{"id": 9, "title": "signed"}""";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        HttpRequestMessage Request(string path, string? signature)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) };
            request.Headers.Add("webhook-id", "msg_1");
            request.Headers.Add("webhook-timestamp", timestamp.ToString());
            if (signature is not null)
                request.Headers.Add("webhook-signature", signature);
            return request;
        }

        var valid = Makini.Flows.Activities.Webhooks.StandardWebhooks.Sign(
            ServerHost.PartnerSecret,
            "msg_1",
            timestamp,
            Encoding.UTF8.GetBytes(body)
        );
        var caller = host.ClientWithKey(null);
        var unsigned = await caller.SendAsync(Request("/hooks/partner/events", null), Ct);
        var forged = await caller.SendAsync(
            Request("/hooks/partner/events", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="),
            Ct
        );
        var signed = await caller.SendAsync(Request("/hooks/partner/events", valid), Ct);
        // The same signed request captured and sent again within the signature's tolerance: a replay.
        var replayed = await caller.SendAsync(Request("/hooks/partner/events", valid), Ct);
        var unconfigured = await caller.SendAsync(Request("/hooks/other/events", valid), Ct);

        unsigned.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        forged.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        signed.StatusCode.ShouldBe(
            HttpStatusCode.Created,
            await signed.Content.ReadAsStringAsync(Ct)
        );
        replayed.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await replayed.Content.ReadAsStringAsync(Ct)).ShouldContain("msg_1");
        unconfigured.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (
            await host.ClientWithKey()
                .GetFromJsonAsync<JsonArray>("/api/runs?flowId=hook-signed", Ct)
        )!.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_flow_sends_signed_webhooks_through_the_servers_guarded_client()
    {
        var deliveries = new System.Collections.Concurrent.ConcurrentQueue<(
            string? Id,
            string? Timestamp,
            string? Signature,
            byte[] Body
        )>();
        var sinkBuilder = WebApplication.CreateSlimBuilder();
        sinkBuilder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        await using var sink = sinkBuilder.Build();
        sink.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            deliveries.Enqueue(
                (
                    context.Request.Headers["webhook-id"],
                    context.Request.Headers["webhook-timestamp"],
                    context.Request.Headers["webhook-signature"],
                    body.ToArray()
                )
            );
            context.Response.StatusCode = 200;
        });
        await sink.StartAsync(Ct);
        var port = new Uri(sink.Urls.First()).Port;
        await PublishAsync(WebhookFlow("notify-loopback", $"http://127.0.0.1:{port}/in"));
        await PublishAsync(WebhookFlow("notify-metadata", "http://169.254.169.254/latest/"));
        var client = host.ClientWithKey();

        var sent = await BodyAsync(
            await client.PostAsync("/api/flows/notify-loopback/runs", Json("{}"), Ct)
        );
        var refused = await BodyAsync(
            await client.PostAsync("/api/flows/notify-metadata/runs", Json("{}"), Ct)
        );

        sent["status"]!.GetValue<string>().ShouldBe("Completed", sent.ToJsonString());
        sent["output"]!["status"]!.GetValue<int>().ShouldBe(200);
        var delivery = deliveries.ShouldHaveSingleItem();
        delivery.Id.ShouldBe(sent["output"]!["webhookId"]!.GetValue<string>());
        Makini
            .Flows.Activities.Webhooks.StandardWebhooks.Verify(
                ServerHost.PartnerSecret,
                delivery.Id,
                delivery.Timestamp,
                delivery.Signature,
                delivery.Body,
                DateTimeOffset.UtcNow
            )
            .ShouldBeNull();
        JsonNode.Parse(delivery.Body)!["data"]!["hello"]!.GetValue<string>().ShouldBe("world");
        refused["status"]!.GetValue<string>().ShouldBe("Faulted");
        refused["error"]!["message"]!
            .GetValue<string>()
            .ShouldContain("169.254.169.254 is link-local");
        refused["error"]!["message"]!.GetValue<string>().ShouldContain("Outbound:AllowedRanges");
    }

    private static string WebhookFlow(string id, string url) =>
        $$"""
            {
              "$schema": "https://schemas.makini.io/flows/flow-v1.json",
              "id": "{{id}}",
              "name": "{{id}}",
              "activities": [
                { "id": "start", "type": "Start", "inputs": {} },
                { "id": "send", "type": "SendWebhook", "inputs": { "url": { "literal": "{{url}}" }, "secret": { "literal": "partner" }, "eventType": { "literal": "test.ping" }, "payload": { "js": "({ hello: 'world' })" }, "maxAttempts": { "literal": 1 } } },
                { "id": "finish", "type": "Finish", "inputs": { "output": { "js": "outputs.send" } } }
              ],
              "connections": [
                { "source": "start", "sourcePort": "Done", "target": "send" },
                { "source": "send", "sourcePort": "Done", "target": "finish" }
              ]
            }
            """;
}
