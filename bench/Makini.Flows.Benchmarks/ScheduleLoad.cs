using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Tests.Shared;
using Npgsql;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// Schedule lag with many active schedules on PostgreSQL (`-- schedules [count] [seconds] [staggered]`): publishes
/// <c>count</c> flows, each a ScheduleTrigger (cron every <see cref="Period"/>) and a Log, on one node and then on two
/// sharing a throwaway PostgreSQL (one queue item per schedule, fired in batches). By default every schedule fires in the same second,
/// the harsh case that schedules "every 15 minutes" give; with <c>staggered</c> schedule <c>i</c> fires
/// <c>i mod 30</c> seconds later. After one warm-up round, it measures every fire planned within a window of
/// <c>seconds</c> and reads the runs back: lag = when the run was stored (the fire) and when it began executing
/// (on a queue worker), each minus the planned fire time. Needs a Release build of the server.
/// </summary>
internal static class ScheduleLoad
{
    private const int Period = 30;
    private const string FlowPrefix = "sched-";
    private static readonly TimeSpan MaxDrain = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(int count, int seconds, bool staggered)
    {
        seconds = Math.Max(Period, seconds / Period * Period);
        await using var postgres = new PostgresServer();
        Console.WriteLine(
            $"{count} schedules, cron every {Period} s, {(staggered ? $"staggered over {Period} s" : "all in the same second")}, window {seconds} s"
        );
        var rows = new List<string>();
        foreach (var nodes in new[] { 1, 2 })
        {
            var database = await postgres.CreateDatabaseAsync();
            await using var cluster = await PostgresNodes.StartAsync(database, nodes);
            var servers = cluster.Servers;
            rows.Add(await MeasureAsync(servers, database, count, seconds, staggered));
            Console.WriteLine(rows[^1]);
        }
        Console.WriteLine();
        Console.WriteLine(
            "| nodes | fires expected | runs seen | missing | twice | off-grid | stored lag p50 / p99 / max | started lag p50 / p99 / max | server CPU | PostgreSQL CPU | machine busy | load average |"
        );
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---|");
        rows.ForEach(Console.WriteLine);
    }

    private static async Task<string> MeasureAsync(
        List<ServerProcess> servers,
        string database,
        int count,
        int seconds,
        bool staggered
    )
    {
        var loadAtStart = LoadAverage();
        var offsets = Enumerable
            .Range(0, count)
            .ToDictionary(i => FlowId(i), i => staggered ? i % Period : 0);
        var watch = Stopwatch.StartNew();
        await PublishAsync(servers[0], offsets);
        var published = watch.Elapsed.TotalSeconds;
        await WaitForTriggersAsync(database, count);
        Console.WriteLine(
            $"{servers.Count} node(s): {count} flows published in {published:0.0} s, all schedules set after {watch.Elapsed.TotalSeconds:0.0} s"
        );

        // One whole round after the schedules are set warms the nodes up; the window starts at the round after it.
        var from = NextBoundary(DateTime.UtcNow.AddSeconds(2)).AddSeconds(Period);
        var until = from.AddSeconds(seconds);
        var postmaster = await ProcessCpu.PostmasterAsync(database);
        await Task.Delay(from - DateTime.UtcNow);
        var before = ProcessCpu.Read(servers, postmaster);
        var measured = Stopwatch.StartNew();
        var expected = count * (seconds / Period);
        await Task.Delay(until - DateTime.UtcNow);
        await WaitForWindowRunsAsync(database, from, until, expected);
        var cpu = ProcessCpu.Read(servers, postmaster) - before;
        var wall = measured.Elapsed.TotalSeconds;

        var fires = (await ScheduleFire.ReadAsync(database, FlowPrefix, from.AddSeconds(-Period)))
            .Select(f => (Fire: f, Due: Due(f.ScheduledAt, offsets[f.FlowId])))
            .Where(f => f.Due >= from && f.Due < until)
            .ToList();
        var distinct = fires.Select(f => (f.Fire.FlowId, f.Due)).Distinct().Count();
        var offGrid = fires.Count(f => f.Fire.ScheduledAt != f.Due);
        var stored = fires.Select(f => (f.Fire.StoredAt - f.Due).TotalSeconds).ToList();
        var started = fires
            .Where(f => f.Fire.StartedAt is not null)
            .Select(f => (f.Fire.StartedAt!.Value - f.Due).TotalSeconds)
            .ToList();
        return $"| {servers.Count} | {expected:N0} | {fires.Count:N0} | {expected - distinct:N0} | {fires.Count - distinct} | {offGrid} "
            + $"| {Percentiles(stored)} | {Percentiles(started)} "
            + $"| {Cores(cpu.Servers, wall)} | {(cpu.Postgres is { } pg ? Cores(pg, wall) : "n/a")} | {Cores(cpu.MachineBusy, wall)} "
            + $"| {loadAtStart} → {LoadAverage()} |";
    }

    private static string FlowId(int index) => $"{FlowPrefix}{index:D4}";

    private static string Flow(string id, int offset) =>
        $$"""
            {
              "$schema": "https://schemas.makini.io/flows/flow-v1.json",
              "id": "{{id}}",
              "name": "Schedule {{id}}",
              "activities": [
                { "id": "tick", "type": "ScheduleTrigger", "inputs": { "cron": { "literal": "{{offset}}/{{Period}} * * * * *" } } },
                { "id": "note", "type": "Log", "inputs": { "message": { "literal": "tick" } } }
              ],
              "connections": [{ "source": "tick", "sourcePort": "Done", "target": "note" }]
            }
            """;

    /// <summary>All flows in one import: one transaction, and one reconcile of the schedules.</summary>
    private static async Task PublishAsync(ServerProcess server, Dictionary<string, int> offsets)
    {
        var flows = new JsonArray(
            offsets.Select(pair => JsonNode.Parse(Flow(pair.Key, pair.Value))).ToArray()
        );
        using var client = new HttpClient
        {
            BaseAddress = server.Client.BaseAddress,
            Timeout = TimeSpan.FromMinutes(5),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            TestServer.AdminKey
        );
        var response = await client.PostAsync(
            "/api/flows/import?publish=true",
            new StringContent(flows.ToJsonString(), Encoding.UTF8, "application/json")
        );
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The schedules' queue items: the schedules are set once there is one per flow.</summary>
    private static async Task WaitForTriggersAsync(string database, int count)
    {
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        await using var triggers = new NpgsqlCommand(
            "SELECT count(*) FROM work_items WHERE \"Kind\" = 'schedule-fire'",
            db
        );
        var watch = Stopwatch.StartNew();
        while ((long)(await triggers.ExecuteScalarAsync())! < count)
        {
            if (watch.Elapsed > TimeSpan.FromMinutes(3))
                throw new TimeoutException("the schedules were not all set in 3 minutes");
            await Task.Delay(500);
        }
    }

    /// <summary>Until every fire of the window has a completed run, or <see cref="MaxDrain"/> after the window.</summary>
    private static async Task WaitForWindowRunsAsync(
        string database,
        DateTime from,
        DateTime until,
        int expected
    )
    {
        while (DateTime.UtcNow < until + MaxDrain)
        {
            var runs = (await ScheduleFire.ReadAsync(database, FlowPrefix, from))
                .Where(fire => fire.ScheduledAt < until)
                .ToList();
            if (runs.Count >= expected && runs.All(fire => fire.Status == "Completed"))
                return;
            await Task.Delay(1000);
        }
    }

    private static DateTime NextBoundary(DateTime after)
    {
        var period = TimeSpan.FromSeconds(Period).Ticks;
        return new DateTime((after.Ticks / period + 1) * period, DateTimeKind.Utc);
    }

    /// <summary>The planned fire at or before <paramref name="at"/> of a schedule firing at <paramref name="offset"/> s of each period.</summary>
    private static DateTime Due(DateTime at, int offset)
    {
        var period = TimeSpan.FromSeconds(Period).Ticks;
        var shift = TimeSpan.FromSeconds(offset).Ticks;
        return new DateTime((at.Ticks - shift) / period * period + shift, DateTimeKind.Utc);
    }

    private static string Percentiles(List<double> seconds)
    {
        if (seconds.Count == 0)
            return "n/a";
        seconds.Sort();
        double At(double p) => seconds[Math.Min(seconds.Count - 1, (int)(p * seconds.Count))];
        return $"{At(0.50):0.00} / {At(0.99):0.00} / {seconds[^1]:0.00} s";
    }

    private static string Cores(TimeSpan cpu, double wallSeconds) =>
        $"{cpu.TotalSeconds / wallSeconds * 100:0} %";

    private static string LoadAverage() =>
        string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
