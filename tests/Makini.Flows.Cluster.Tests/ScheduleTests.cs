using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Tests.Shared;
using Npgsql;

namespace Makini.Flows.Cluster.Tests;

/// <summary>
/// A schedule firing every second, on two nodes sharing Quartz's clustered store on PostgreSQL, for 60 s: 60 runs
/// (one more or less at the edges), and no fire time twice.
/// </summary>
[Collection(OneAtATime.Name)]
public sealed class ScheduleTests(PostgresServer postgres)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    private const string Flow = """
        {
          "$schema": "https://schemas.makini.io/flows/flow-v1.json",
          "id": "every-second",
          "name": "Every second",
          "activities": [
            { "id": "tick", "type": "ScheduleTrigger", "inputs": { "cron": { "literal": "* * * * * *" }, "misfire": { "literal": "skip" } } },
            { "id": "note", "type": "Log", "inputs": { "message": { "js": "'fired for ' + input.scheduledAt" } } }
          ],
          "connections": [{ "source": "tick", "sourcePort": "Done", "target": "note" }]
        }
        """;

    [Fact]
    public async Task A_schedule_firing_every_second_for_a_minute_gives_sixty_runs_and_no_fire_twice()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateDatabaseAsync(cancellationToken: ct);
        await using var cluster = await Cluster.StartAsync(database, nodes: 2, [], ct);
        var publish = await cluster
            .Nodes[0]
            .Client.PostAsync(
                "/api/flows/import?publish=true",
                new StringContent(Flow, Encoding.UTF8, "application/json"),
                ct
            );
        publish.StatusCode.ShouldBe(HttpStatusCode.OK, await publish.Content.ReadAsStringAsync(ct));

        // Count whole seconds well after the schedule started, so start-up does not blur the window.
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        var from = DateTime.UtcNow;
        from = new DateTime(
            from.Ticks - from.Ticks % TimeSpan.TicksPerSecond,
            DateTimeKind.Utc
        ).AddSeconds(1);
        var until = from + Window;
        await Task.Delay(until - DateTime.UtcNow + TimeSpan.FromSeconds(5), ct);

        var fires = new List<DateTime>();
        await using (var db = new NpgsqlConnection(database))
        {
            await db.OpenAsync(ct);
            await using var command = new NpgsqlCommand(
                """SELECT "State" FROM runs WHERE "FlowId" = 'every-second'""",
                db
            );
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var scheduledAt = DateTime
                    .Parse(
                        JsonNode.Parse(CompressedRunState.Json((byte[])reader[0]))!["input"]![
                            "scheduledAt"
                        ]!.GetValue<string>()
                    )
                    .ToUniversalTime();
                if (scheduledAt >= from && scheduledAt < until)
                    fires.Add(scheduledAt);
            }
        }
        var twice = fires.Count - fires.Distinct().Count();
        Figures.Record(
            $"cluster schedule: every second on 2 nodes for {Window.TotalSeconds:0} s: {fires.Count} runs, {twice} fire times seen twice"
        );

        twice.ShouldBe(0);
        fires.Count.ShouldBeInRange(59, 61);
    }
}
