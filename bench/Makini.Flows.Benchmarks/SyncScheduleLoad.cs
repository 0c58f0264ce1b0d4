using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Tests.Shared;
using Npgsql;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// Sync start lag with many connections on PostgreSQL (`-- sync-schedule [connections] [interval minutes] [window
/// minutes]`): one node, <c>connections</c> MaintainX connections created through the API against an empty loopback
/// source (a sync costs its ten list requests and its bookkeeping, no records), every one on the <c>Sync:Interval</c>
/// schedule. Once every first sync (started at creation) is done, it watches a window of scheduled syncs and reads
/// them back: lag = the sync's start (<c>sync_runs.StartedAt</c>) minus its slot (the connection's spread slot, as
/// the server computes it). Needs a Release build of the server.
/// </summary>
internal static class SyncScheduleLoad
{
    private static readonly TimeSpan Late = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(int connections, int intervalMinutes, int windowMinutes)
    {
        var interval = TimeSpan.FromMinutes(intervalMinutes);
        await using var postgres = new PostgresServer();
        await using var source = await EmptySource.StartAsync();
        var database = await postgres.CreateDatabaseAsync();
        await using var nodes = await PostgresNodes.StartAsync(
            database,
            1,
            new()
            {
                ["Outbound__AllowedRanges__0"] = "127.0.0.1/32",
                ["Sync__Interval"] = interval.ToString(),
                ["Sync__AllowShortIntervals"] = "true",
            }
        );
        var server = nodes.Servers[0];
        Console.WriteLine(
            $"{connections:N0} connections, a sync every {intervalMinutes} min each, window {windowMinutes} min, one node on PostgreSQL"
        );

        var firstCreation = DateTime.UtcNow;
        var creating = Stopwatch.StartNew();
        var ids = await CreateAsync(server, source, connections);
        Console.WriteLine(
            $"created through the API in {creating.Elapsed.TotalSeconds:0} s ({connections / creating.Elapsed.TotalSeconds:0}/s)"
        );
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        while (
            await CountAsync(
                db,
                """SELECT count(*) FROM sync_runs WHERE "Status" = 'completed' AND "Mode" = 'backfill'"""
            ) < connections
        )
            await Task.Delay(1000);
        Console.WriteLine(
            $"every first sync done {creating.Elapsed.TotalSeconds:0} s after the first creation; {source.Requests:N0} source requests so far"
        );

        var postmaster = await ProcessCpu.PostmasterAsync(database);
        var from = DateTime.UtcNow.AddSeconds(5);
        var until = from.AddMinutes(windowMinutes);
        await Task.Delay(from - DateTime.UtcNow);
        var cpuBefore = ProcessCpu.Read(nodes.Servers, postmaster);
        var load = LoadAverage();
        await Task.Delay(until - DateTime.UtcNow);
        var cpu = ProcessCpu.Read(nodes.Servers, postmaster) - cpuBefore;
        load += " → " + LoadAverage();
        await Task.Delay(Late);

        var expected = ids.Sum(id => Slots(id, interval, from, until).Count());
        var starts = await SyncLagReport.ReadAsync(db, interval, from, until);
        var lags = starts.Select(s => s.Lag).ToList();
        var seconds = (until - from).TotalSeconds;
        Console.WriteLine(
            $"slots in the window: {expected:N0}; syncs started for them: {lags.Count:N0}; lag p50 / p95 / p99 / max: {Percentiles(lags)}"
        );
        Console.WriteLine(
            $"server CPU {cpu.Servers.TotalSeconds / seconds * 100:0} % of a core, PostgreSQL {cpu.Postgres?.TotalSeconds / seconds * 100:0} %, "
                + $"machine busy {cpu.MachineBusy.TotalSeconds / seconds * 100:0} % of a core; load average {load}"
        );
        SyncLagReport.Print(starts, interval, from, firstCreation);
        var duringFirstSyncs = await SyncLagReport.ReadAsync(db, interval, firstCreation, from);
        Console.WriteLine(
            $"scheduled syncs whose slot fell before the window (while first syncs ran): {duringFirstSyncs.Count:N0}; "
                + $"lag p50 / p95 / p99 / max: {Percentiles([.. duringFirstSyncs.Select(s => s.Lag)])}"
        );
    }

    private static async Task<List<string>> CreateAsync(
        ServerProcess server,
        EmptySource source,
        int count
    )
    {
        var ids = new string[count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, ct) =>
            {
                using var response = await server.Client.PostAsJsonAsync(
                    "/api/connections",
                    new JsonObject
                    {
                        ["name"] = $"Plant {i:D5}",
                        ["connector"] = "maintainx",
                        ["credentials"] = new JsonObject
                        {
                            ["instanceUrl"] = source.InstanceUrl,
                            ["apiKey"] = "mx_bench",
                        },
                    },
                    ct
                );
                var body = await response.Content.ReadAsStringAsync(ct);
                if (!response.IsSuccessStatusCode)
                    throw new InvalidOperationException(body);
                ids[i] = JsonNode.Parse(body)!["id"]!.GetValue<string>();
            }
        );
        return [.. ids];
    }

    /// <summary>The server's spread slot (<c>SpreadSlots.Next</c>): the id's next slot strictly after a moment.</summary>
    internal static DateTime Next(string id, TimeSpan interval, DateTime after)
    {
        var ticks = interval.Ticks;
        var hash = BinaryPrimitives.ReadUInt64LittleEndian(
            SHA256.HashData(Encoding.UTF8.GetBytes(id))
        );
        var offset = (long)(hash % (ulong)(ticks / 10)) * 10;
        var due = after.Ticks - after.Ticks % ticks + offset;
        if (due <= after.Ticks)
            due += ticks;
        return new DateTime(due, DateTimeKind.Utc);
    }

    private static IEnumerable<DateTime> Slots(
        string id,
        TimeSpan interval,
        DateTime from,
        DateTime until
    )
    {
        for (var slot = Next(id, interval, from.AddTicks(-1)); slot < until; slot += interval)
            yield return slot;
    }

    private static async Task<long> CountAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static string Percentiles(List<double> seconds)
    {
        if (seconds.Count == 0)
            return "n/a";
        seconds.Sort();
        double At(double p) => seconds[Math.Min(seconds.Count - 1, (int)(p * seconds.Count))];
        return $"{At(0.50):0.000} / {At(0.95):0.000} / {At(0.99):0.000} / {seconds[^1]:0.000} s";
    }

    private static string LoadAverage() =>
        string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
