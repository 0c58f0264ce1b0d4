using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Makini.Flows.Server.Schedules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makini.Flows.Server.Tests.Api;

/// <summary>Schedules and platform events, end to end; runs once per database provider.</summary>
public abstract class TriggerTests(ServerHost host) : IAsyncDisposable
{
    protected ServerHost Host => host;

    protected CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected static string Flow(string id, string trigger, string body = "") =>
        $$"""
            {
              "$schema": "https://schemas.makini.io/flows/flow-v1.json",
              "id": "{{id}}",
              "name": "{{id}}",
              "activities": [
                {{trigger}},
                {{(
                body.Length > 0
                    ? body
                    : """{ "id": "log", "type": "Log", "inputs": { "message": { "literal": "ran" } } }"""
            )}}
              ],
              "connections": [{ "source": "trigger", "sourcePort": "Done", "target": "{{(
                body.Length > 0 ? "fail" : "log"
            )}}" }]
            }
            """;

    protected static string Schedule(string inputs) =>
        $$"""{ "id": "trigger", "type": "ScheduleTrigger", "inputs": { {{inputs}} } }""";

    private static string OnEvent(string type, string? filter = null) =>
        $$"""
            { "id": "trigger", "type": "EventTrigger", "inputs": {
              "eventType": { "literal": "{{type}}" }{{(
                filter is null ? "" : $", \"filter\": {{ \"js\": \"{filter}\" }}"
            )}} } }
            """;

    private async Task<HttpResponseMessage> ImportAsync(HttpClient client, string json) =>
        await client.PostAsync(
            "/api/flows/import?publish=true",
            new StringContent(json, Encoding.UTF8, "application/json"),
            Ct
        );

    protected async Task PublishAsync(HttpClient client, string json)
    {
        var response = await ImportAsync(client, json);
        response.StatusCode.ShouldBe(
            HttpStatusCode.OK,
            await response.Content.ReadAsStringAsync(Ct)
        );
    }

    protected async Task<JsonArray> RunsAsync(HttpClient client, string flowId) =>
        (await client.GetFromJsonAsync<JsonArray>($"/api/runs?flowId={flowId}", Ct))!;

    /// <summary>Polls until the condition holds (or fails the test after the timeout).</summary>
    private async Task<T> EventuallyAsync<T>(
        Func<Task<T>> read,
        Func<T, bool> done,
        string what,
        int seconds = 20
    )
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (done(value))
                return value;
            if (DateTime.UtcNow > deadline)
                throw new ShouldAssertException($"timed out waiting for {what}");
            await Task.Delay(100, Ct);
        }
    }

    private async Task<string> PublishEventAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/events", body, Ct);
        response.StatusCode.ShouldBe(
            HttpStatusCode.Accepted,
            await response.Content.ReadAsStringAsync(Ct)
        );
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))![
            "id"
        ]!.GetValue<string>();
    }

    private async Task<string> DispatchStatusAsync(string eventId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        return await db
                .WorkItems.Where(w => w.DedupKey == $"dispatch:{eventId}")
                .Select(w => w.Status)
                .FirstOrDefaultAsync(Ct)
            ?? "";
    }

    [Fact]
    public async Task An_interval_schedule_starts_runs_until_the_flow_is_unpublished()
    {
        var client = host.ClientWithKey();
        await PublishAsync(
            client,
            Flow(
                "every-second",
                Schedule(
                    """
                    "interval": { "literal": 1 }
                    """
                )
            )
        );

        var runs = await EventuallyAsync(
            () => RunsAsync(client, "every-second"),
            r => r.Count(x => x!["status"]!.GetValue<string>() == "Completed") >= 2,
            "two scheduled runs"
        );
        var first = (
            await client.GetFromJsonAsync<JsonObject>(
                $"/api/runs/{runs[0]!["id"]!.GetValue<string>()}",
                Ct
            )
        )!;
        first["input"]!["trigger"]!.GetValue<string>().ShouldBe("trigger");
        DateTime
            .Parse(first["input"]!["scheduledAt"]!.GetValue<string>())
            .ShouldBeGreaterThan(DateTime.UtcNow.AddMinutes(-1));

        (await client.PostAsync("/api/flows/every-second/unpublish", null, Ct)).StatusCode.ShouldBe(
            HttpStatusCode.NoContent
        );
        await Task.Delay(500, Ct);
        var afterUnpublish = (await RunsAsync(client, "every-second")).Count;
        await Task.Delay(2500, Ct);
        (await RunsAsync(client, "every-second")).Count.ShouldBe(afterUnpublish);
        (await ScheduleItemAsync("every-second")).ShouldBeNull();
    }

    /// <summary>The schedule's item on the queue (its next fire), or null when it has none.</summary>
    private async Task<ScheduleItem?> ScheduleItemAsync(string flowId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        var key = ScheduleItem.KeyOf(flowId, "trigger");
        var payload = await db
            .WorkItems.Where(w => w.DedupKey == key)
            .Select(w => w.Payload)
            .FirstOrDefaultAsync(Ct);
        return payload is null ? null : ScheduleItem.FromPayload(payload);
    }

    /// <summary>As if the server had been down since <paramref name="fireAt"/>: the schedule's next fire is then.</summary>
    private async Task PlanFireAsync(string flowId, DateTime fireAt)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        var key = ScheduleItem.KeyOf(flowId, "trigger");
        var item = await db.WorkItems.SingleAsync(w => w.DedupKey == key, Ct);
        (ScheduleItem.FromPayload(item.Payload) with { FireAt = fireAt }).ApplyTo(
            item,
            DateTime.UtcNow
        );
        await db.SaveChangesAsync(Ct);
    }

    private static string Yearly(string misfire) =>
        Schedule(
            $$"""
            "cron": { "literal": "0 0 1 1 *" }, "misfire": { "literal": "{{misfire}}" }
            """
        );

    private static readonly DateTime NextNewYear = new(
        DateTime.UtcNow.Year + 1,
        1,
        1,
        0,
        0,
        0,
        DateTimeKind.Utc
    );

    [Fact]
    public async Task After_a_downtime_a_missed_fire_runs_once_and_the_schedule_goes_on()
    {
        var client = host.ClientWithKey();
        await PublishAsync(client, Flow("yearly", Yearly("runOnce")));
        (await ScheduleItemAsync("yearly"))!.FireAt.ShouldBe(NextNewYear);

        await PlanFireAsync("yearly", new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var runs = await EventuallyAsync(
            () => RunsAsync(client, "yearly"),
            r => r.Count > 0,
            "the missed fire's run"
        );
        var run = (
            await client.GetFromJsonAsync<JsonObject>(
                $"/api/runs/{runs.ShouldHaveSingleItem()!["id"]!.GetValue<string>()}",
                Ct
            )
        )!;
        run["input"]!["scheduledAt"]!
            .GetValue<string>()
            .ShouldBe($"{DateTime.UtcNow.Year}-01-01T00:00:00.0000000Z");
        (
            await EventuallyAsync(
                () => ScheduleItemAsync("yearly"),
                item => item!.FireAt > DateTime.UtcNow,
                "the next fire to be planned"
            )
        )!.FireAt.ShouldBe(NextNewYear);
        (await RunsAsync(client, "yearly")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task With_misfire_skip_missed_fires_do_not_run()
    {
        var client = host.ClientWithKey();
        await PublishAsync(client, Flow("yearly-skip", Yearly("skip")));

        await PlanFireAsync("yearly-skip", new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        (
            await EventuallyAsync(
                () => ScheduleItemAsync("yearly-skip"),
                item => item!.FireAt > DateTime.UtcNow,
                "the next fire to be planned"
            )
        )!.FireAt.ShouldBe(NextNewYear);
        (await RunsAsync(client, "yearly-skip")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Republishing_keeps_the_next_fire_and_a_changed_schedule_starts_over_in_its_time_zone()
    {
        var client = host.ClientWithKey();
        const string NineDaily = """
            "cron": { "literal": "0 9 * * *" }
            """;
        await PublishAsync(client, Flow("daily", Schedule(NineDaily)));
        var first = (await ScheduleItemAsync("daily"))!;
        await PublishAsync(
            client,
            Flow(
                "daily",
                Schedule(NineDaily),
                """{ "id": "fail", "type": "Log", "inputs": { "message": { "literal": "changed" } } }"""
            )
        );
        (await ScheduleItemAsync("daily")).ShouldBe(first);

        await PublishAsync(
            client,
            Flow("daily", Schedule(NineDaily + """, "timeZone": { "literal": "Asia/Tokyo" }"""))
        );

        var moved = (await ScheduleItemAsync("daily"))!;
        moved.FireAt.Minute.ShouldBe(0);
        moved.FireAt.Hour.ShouldBe(0, "09:00 in Tokyo is midnight UTC");
        moved.FireAt.ShouldBeGreaterThan(DateTime.UtcNow);
        moved.FireAt.ShouldBeLessThanOrEqualTo(DateTime.UtcNow.AddDays(1));
    }

    [Fact]
    public async Task The_same_fire_seen_twice_starts_one_run()
    {
        var client = host.ClientWithKey();
        await PublishAsync(
            client,
            Flow(
                "new-year",
                Schedule(
                    """
                    "cron": { "literal": "0 0 1 1 *" }, "timeZone": { "literal": "Europe/Berlin" }, "overlap": { "literal": "queue" }
                    """
                )
            )
        );
        var fireTime = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.FromHours(1));

        var outcomes = new List<ScheduleFireOutcome>();
        foreach (var _ in Enumerable.Range(0, 2))
        {
            await using var scope = host.Services.CreateAsyncScope();
            outcomes.Add(
                await scope
                    .ServiceProvider.GetRequiredService<ScheduleFirer>()
                    .FireAsync("new-year", "trigger", fireTime, Ct)
            );
        }

        outcomes.ShouldBe([ScheduleFireOutcome.Started, ScheduleFireOutcome.Duplicate]);
        (await RunsAsync(client, "new-year")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_second_fire_is_skipped_while_the_previous_scheduled_run_is_unfinished()
    {
        var client = host.ClientWithKey();
        await PublishAsync(
            client,
            Flow(
                "slow-schedule",
                Schedule(
                    """
                    "cron": { "literal": "0 0 1 1 *" }
                    """
                ),
                """{ "id": "fail", "type": "Delay", "inputs": { "seconds": { "literal": 3600 } } }"""
            )
        );
        var at = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

        await using var scope = host.Services.CreateAsyncScope();
        var firer = scope.ServiceProvider.GetRequiredService<ScheduleFirer>();
        var first = await firer.FireAsync("slow-schedule", "trigger", at, Ct);
        var second = await firer.FireAsync("slow-schedule", "trigger", at.AddYears(1), Ct);

        first.ShouldBe(ScheduleFireOutcome.Started);
        second.ShouldBe(ScheduleFireOutcome.SkippedOverlap);
    }

    [Fact]
    public async Task With_overlap_queue_a_fire_waits_until_the_previous_scheduled_run_has_finished()
    {
        var client = host.ClientWithKey();
        await PublishAsync(
            client,
            Flow(
                "queued-schedule",
                Schedule(
                    """
                    "cron": { "literal": "0 0 1 1 *" }, "overlap": { "literal": "queue" }
                    """
                ),
                """{ "id": "fail", "type": "Delay", "inputs": { "seconds": { "literal": 3600 } } }"""
            )
        );
        var at = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await using var scope = host.Services.CreateAsyncScope();
        var firer = scope.ServiceProvider.GetRequiredService<ScheduleFirer>();
        (await firer.FireAsync("queued-schedule", "trigger", at, Ct)).ShouldBe(
            ScheduleFireOutcome.Started
        );
        var runs = await EventuallyAsync(
            () => RunsAsync(client, "queued-schedule"),
            r => r.Count == 1 && r[0]!["status"]!.GetValue<string>() == "Suspended",
            "the first run to wait in its Delay"
        );
        var first = runs[0]!["id"]!.GetValue<string>();

        (await firer.FireAsync("queued-schedule", "trigger", at.AddYears(1), Ct)).ShouldBe(
            ScheduleFireOutcome.Started
        );
        await Task.Delay(2500, Ct);
        var waiting = (await RunsAsync(client, "queued-schedule")).Single(r =>
            r!["id"]!.GetValue<string>() != first
        )!;
        waiting["status"]!.GetValue<string>().ShouldBe("Running");
        (
            await client.GetFromJsonAsync<JsonArray>(
                $"/api/runs/{waiting["id"]!.GetValue<string>()}/journal",
                Ct
            )
        )!.ShouldBeEmpty();

        (await client.PostAsync($"/api/runs/{first}/cancel", null, Ct)).EnsureSuccessStatusCode();
        await EventuallyAsync(
            async () =>
                (
                    await client.GetFromJsonAsync<JsonObject>(
                        $"/api/runs/{waiting["id"]!.GetValue<string>()}",
                        Ct
                    )
                )!["status"]!.GetValue<string>(),
            status => status == "Suspended",
            "the queued run to start once the first was cancelled"
        );
    }

    [Fact]
    public async Task A_published_event_starts_the_flows_whose_filter_matches_it()
    {
        var client = host.ClientWithKey();
        await PublishAsync(
            client,
            Flow("on-asset-sync-failure", OnEvent("sync.failed", "input.data.entity === 'assets'"))
        );

        var matching = await PublishEventAsync(
            client,
            new
            {
                type = "sync.failed",
                connectionId = "maintainx-1",
                data = new
                {
                    entity = "assets",
                    code = "CONNECTION_FAILED",
                    message = "boom",
                },
            }
        );
        var other = await PublishEventAsync(
            client,
            new
            {
                type = "sync.failed",
                data = new
                {
                    entity = "parts",
                    code = "CONNECTION_FAILED",
                    message = "boom",
                },
            }
        );

        var details = await EventuallyAsync(
            async () => (await client.GetFromJsonAsync<JsonObject>($"/api/events/{matching}", Ct))!,
            e => e["runs"]!.AsArray().Count == 1,
            "the matching event's run"
        );
        details["connectionId"]!.GetValue<string>().ShouldBe("maintainx-1");
        var runId = details["runs"]![0]!["id"]!.GetValue<string>();
        var run = await EventuallyAsync(
            async () => (await client.GetFromJsonAsync<JsonObject>($"/api/runs/{runId}", Ct))!,
            r => r["status"]!.GetValue<string>() == "Completed",
            "the run to complete"
        );
        run["input"]!["data"]!["entity"]!.GetValue<string>().ShouldBe("assets");
        await EventuallyAsync(
            () => DispatchStatusAsync(other),
            status => status == WorkStatus.Done,
            "the other event's dispatch"
        );
        (await client.GetFromJsonAsync<JsonObject>($"/api/events/{other}", Ct))!["runs"]!
            .AsArray()
            .ShouldBeEmpty();
        (await RunsAsync(client, "on-asset-sync-failure")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_faulted_run_raises_flow_run_failed_which_starts_a_listening_flow_once()
    {
        var client = host.ClientWithKey();
        await PublishAsync(
            client,
            Flow(
                "always-fails",
                """{ "id": "trigger", "type": "Start" }""",
                """{ "id": "fail", "type": "Fail", "inputs": { "message": { "literal": "broken" } } }"""
            )
        );
        await PublishAsync(
            client,
            Flow(
                "failure-watch",
                OnEvent("flow.run.failed"),
                """{ "id": "fail", "type": "Fail", "inputs": { "message": { "literal": "watcher fails too" } } }"""
            )
        );

        var started = await client.PostAsync("/api/flows/always-fails/runs", null, Ct);
        var failedRun = (await started.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        failedRun["status"]!.GetValue<string>().ShouldBe("Faulted");

        var watched = await EventuallyAsync(
            () => RunsAsync(client, "failure-watch"),
            r => r.Count >= 1 && r[0]!["status"]!.GetValue<string>() != "Running",
            "the watcher's run"
        );
        var watcherRun = (
            await client.GetFromJsonAsync<JsonObject>(
                $"/api/runs/{watched[0]!["id"]!.GetValue<string>()}",
                Ct
            )
        )!;
        watcherRun["input"]!["type"]!.GetValue<string>().ShouldBe("flow.run.failed");
        watcherRun["input"]!["data"]!["runId"]!
            .GetValue<string>()
            .ShouldBe(failedRun["id"]!.GetValue<string>());
        // The watcher faulted too, but a run started by flow.run.failed raises no event: no loop.
        await Task.Delay(1500, Ct);
        (await RunsAsync(client, "failure-watch")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Publishing_a_flow_whose_event_filter_does_not_compile_is_refused_with_a_pointer()
    {
        var client = host.ClientWithKey();

        var response = await ImportAsync(
            client,
            Flow("bad-filter", OnEvent("sync.completed", "input.data.("))
        );

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        body["errors"]!
            .AsArray()
            .Select(e => e!["pointer"]!.GetValue<string>())
            .ShouldContain("/activities/0/inputs/filter/js");
    }

    [Fact]
    public async Task The_event_catalogue_is_listed_and_bad_events_are_refused()
    {
        var client = host.ClientWithKey();

        var types = (await client.GetFromJsonAsync<JsonArray>("/api/events/types", Ct))!;
        var unknown = await client.PostAsJsonAsync(
            "/api/events",
            new { type = "sync.exploded", data = new { } },
            Ct
        );
        var badData = await client.PostAsJsonAsync(
            "/api/events",
            new { type = "sync.failed", data = new { entity = "assets" } },
            Ct
        );

        types
            .Select(t => t!["type"]!.GetValue<string>())
            .ShouldContain("connection.status_changed");
        types.Count.ShouldBe(7 + 16 * 3); // the platform's types, and inserted/updated/deleted of 16 entities (line items included)
        types.Select(t => t!["type"]!.GetValue<string>()).ShouldContain("work-order.updated");
        types[0]!["dataSchema"]!["type"]!.GetValue<string>().ShouldBe("object");
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknown.Content.ReadFromJsonAsync<JsonObject>(Ct))!["pointer"]!
            .GetValue<string>()
            .ShouldBe("/type");
        badData.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}

public sealed class TriggerTestsOnSqlite() : TriggerTests(SqliteHost())
{
    private static ServerHost SqliteHost() =>
        new(
            "Sqlite",
            $"Data Source={Path.Combine(Path.GetTempPath(), $"makini-test-{Guid.NewGuid():N}.db")}"
        );
}

public sealed class TriggerTestsOnPostgres(Makini.Flows.Tests.Shared.PostgresServer postgres)
    : TriggerTests(
        new ServerHost(
            "Postgres",
            postgres
                .CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken)
                .GetAwaiter()
                .GetResult()
        )
    );
