using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Tests.Shared;
using Npgsql;

namespace Makini.Flows.Cluster.Tests;

/// <summary>
/// Schedules on two nodes sharing PostgreSQL: one firing every second for 60 s gives 60 runs (one more or less at
/// the edges) and no fire time twice; 200 due in the same second, twice, all fire exactly once.
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

        var fires = (await FiresAsync(database, "every-second", from, until, ct))
            .Select(f => f.ScheduledAt)
            .ToList();
        var twice = fires.Count - fires.Distinct().Count();
        Figures.Record(
            $"cluster schedule: every second on 2 nodes for {Window.TotalSeconds:0} s: {fires.Count} runs, {twice} fire times seen twice"
        );

        twice.ShouldBe(0);
        fires.Count.ShouldBeInRange(59, 61);
    }

    [Fact]
    public async Task Two_hundred_schedules_due_in_the_same_second_each_fire_once_per_fire_on_two_nodes()
    {
        const int count = 200;
        const int period = 10;
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateDatabaseAsync(cancellationToken: ct);
        await using var cluster = await Cluster.StartAsync(database, nodes: 2, [], ct);
        var flows = new JsonArray([
            .. Enumerable
                .Range(0, count)
                .Select(i => JsonNode.Parse(BurstFlow($"burst-{i:D3}", period))),
        ]);
        var publish = await cluster
            .Nodes[1]
            .Client.PostAsync(
                "/api/flows/import?publish=true",
                new StringContent(flows.ToJsonString(), Encoding.UTF8, "application/json"),
                ct
            );
        publish.StatusCode.ShouldBe(HttpStatusCode.OK, await publish.Content.ReadAsStringAsync(ct));

        // Two whole rounds once every schedule is set (the import answers after that).
        var periodTicks = TimeSpan.FromSeconds(period).Ticks;
        var from = new DateTime(
            (DateTime.UtcNow.AddSeconds(1).Ticks / periodTicks + 1) * periodTicks,
            DateTimeKind.Utc
        );
        var until = from.AddSeconds(2 * period);
        var expected = Enumerable
            .Range(0, count)
            .SelectMany(flow =>
                new[] { from, from.AddSeconds(period) }.Select(at => ($"burst-{flow:D3}", at))
            )
            .ToList();
        await Task.Delay(until - DateTime.UtcNow, ct);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        List<(string FlowId, DateTime ScheduledAt)> fires;
        do
        {
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            fires = await FiresAsync(database, "burst-", from, until, ct);
        } while (fires.Count < expected.Count && DateTime.UtcNow < deadline);

        fires.Count.ShouldBe(expected.Count);
        fires.OrderBy(f => f).ShouldBe(expected.OrderBy(f => f));
    }

    private static string BurstFlow(string id, int period) =>
        $$"""
            {
              "$schema": "https://schemas.makini.io/flows/flow-v1.json",
              "id": "{{id}}",
              "name": "{{id}}",
              "activities": [
                { "id": "tick", "type": "ScheduleTrigger", "inputs": { "cron": { "literal": "0/{{period}} * * * * *" } } },
                { "id": "note", "type": "Log", "inputs": { "message": { "literal": "tick" } } }
              ],
              "connections": [{ "source": "tick", "sourcePort": "Done", "target": "note" }]
            }
            """;

    /// <summary>The fires planned within [from, until) that started a run, of the flows whose id starts with the prefix.</summary>
    private static async Task<List<(string FlowId, DateTime ScheduledAt)>> FiresAsync(
        string database,
        string flowIdPrefix,
        DateTime from,
        DateTime until,
        CancellationToken ct
    )
    {
        var fires = new List<(string, DateTime)>();
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            """SELECT "FlowId", "State" FROM runs WHERE "FlowId" LIKE @prefix""",
            db
        );
        command.Parameters.AddWithValue("prefix", flowIdPrefix + "%");
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var scheduledAt = DateTime
                .Parse(
                    JsonNode.Parse(CompressedRunState.Json((byte[])reader[1]))!["input"]![
                        "scheduledAt"
                    ]!.GetValue<string>()
                )
                .ToUniversalTime();
            if (scheduledAt >= from && scheduledAt < until)
                fires.Add((reader.GetString(0), scheduledAt));
        }
        return fires;
    }
}
