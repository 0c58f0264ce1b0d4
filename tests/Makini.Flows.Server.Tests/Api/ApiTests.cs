using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

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
    public async Task A_suspended_run_is_resumed_through_its_bookmark()
    {
        var client = await WithPublishedSampleAsync("retry-until-ready");

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
        var schema = await client.GetStringAsync("/api/schemas/flow.json", Ct);
        var check = await client.PostAsJsonAsync(
            "/api/expressions/validate",
            new { language = "cs", source = "var a = ;" },
            Ct
        );

        activities!.Select(a => a!["type"]!.GetValue<string>()).ShouldContain("ForEach");
        schema.ShouldBe(
            File.ReadAllText(
                Path.Combine(ServerHost.RepositoryRoot(), "schemas", "flow.schema.json")
            )
        );
        (await BodyAsync(check))["problems"]![0]!["line"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task The_api_documentation_is_published()
    {
        var client = host.ClientWithKey(null);

        var document = await client.GetFromJsonAsync<JsonObject>("/api/openapi.json", Ct);
        var page = await client.GetAsync("/api/docs", Ct);

        document!["paths"]!.AsObject().Select(p => p.Key).ShouldContain("/api/flows/import");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
