using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Tests.Shared;
using Npgsql;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// Sync throughput end to end (`-- sync-throughput [records] [pageSize] [sqlite|postgres|both]`): a MaintainX-like
/// source of <c>records</c> work orders on loopback (<see cref="WorkOrderSource"/>), a real server process on SQLite
/// or on a throwaway PostgreSQL, a connection made through the API, then three syncs asked for through the API:
/// after a warm-up connection of 20,000 records synced twice (JIT tiering; the first minute of a process is not
/// what a server runs at), a full sync into the empty store (every record inserted), an incremental one (every record read again,
/// unchanged; on PostgreSQL after a VACUUM ANALYZE, as autovacuum would have done by then) and a full resync
/// (unchanged, then reconciliation). Each is timed from its own start and finish as
/// the sync history has them; with the server's CPU per record, PostgreSQL's, this process's (the source), and the
/// server's resident memory and GC heap sampled over the sync. Needs Release builds of the server and the bench.
/// </summary>
internal static class SyncThroughput
{
    public static async Task RunAsync(int records, int pageSize, string database)
    {
        Console.WriteLine(
            $"sync-throughput: {records:N0} work orders, pages of {pageSize}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"
        );
        await using var source = await WorkOrderSource.StartAsync(records);
        var connectors = BenchConnector.WriteFolder(pageSize);
        try
        {
            if (database is "sqlite" or "both")
                await OnSqliteAsync(source, connectors);
            if (database is "postgres" or "both")
                await OnPostgresAsync(source, connectors);
        }
        finally
        {
            Directory.Delete(connectors, recursive: true);
        }
    }

    private static async Task OnSqliteAsync(WorkOrderSource source, string connectors)
    {
        var folder = Directory.CreateTempSubdirectory("makini-sync-throughput").FullName;
        try
        {
            await using var server = await ServerProcess.StartAsync(
                ServerProcess.FreePort(),
                Settings(
                    connectors,
                    "Sqlite",
                    $"Data Source={Path.Combine(folder, "flows.db")}",
                    folder
                ),
                CancellationToken.None
            );
            await MeasureAsync("SQLite", server, null, source, null);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task OnPostgresAsync(WorkOrderSource source, string connectors)
    {
        await using var postgres = new PostgresServer();
        var database = await postgres.CreateDatabaseAsync();
        var postmaster = await ProcessCpu.PostmasterAsync(database);
        await using var server = await ServerProcess.StartAsync(
            ServerProcess.FreePort(),
            Settings(connectors, "Postgres", database, null),
            CancellationToken.None
        );
        await MeasureAsync(
            $"PostgreSQL {postgres.Version}",
            server,
            postmaster,
            source,
            () => VacuumAsync(database)
        );
    }

    /// <summary>
    /// What autovacuum does within a minute or two of a bulk insert, done at once: otherwise it runs during whichever
    /// sync comes next and its CPU is counted as that sync's.
    /// </summary>
    internal static async Task VacuumAsync(string database)
    {
        var watch = Stopwatch.StartNew();
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        await using var vacuum = new NpgsqlCommand("VACUUM (ANALYZE) records", db)
        {
            CommandTimeout = 0,
        };
        await vacuum.ExecuteNonQueryAsync();
        Console.WriteLine(
            $"    (VACUUM ANALYZE records after the insert, as autovacuum would: {watch.Elapsed.TotalSeconds:0.0} s)"
        );
    }

    internal static Dictionary<string, string> Settings(
        string connectors,
        string provider,
        string connectionString,
        string? dataFolder
    )
    {
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = provider,
            ["Database__ConnectionString"] = connectionString,
            ["Connectors__Folder"] = connectors,
            ["DemoCmms__ConnectAtFirstStart"] = "false",
            // Syncs run when asked for only, so each one measured is the one asked for.
            ["Sync__Scheduled"] = "false",
            // Scheduled=false only skips the first sync: after each sync the connection is queued for its next slot,
            // which with the default 15 minutes can fall inside a measurement (it did once); a day makes that rare.
            ["Sync__Interval"] = "1.00:00:00",
            // The source is on loopback, which the server refuses to call unless allowed.
            ["Outbound__AllowedRanges__0"] = "127.0.0.1/32",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        if (dataFolder is not null)
            settings["Database__DataFolder"] = dataFolder;
        return settings;
    }

    private static async Task MeasureAsync(
        string database,
        ServerProcess server,
        int? postmaster,
        WorkOrderSource source,
        Func<Task>? afterInsert
    )
    {
        var warmUp = await ConnectAsync(server, source.WarmUpUrl);
        await SyncAsync(
            database,
            "warm-up (JIT tiering; not a figure)",
            "?full=true",
            server,
            postmaster,
            source,
            warmUp,
            1
        );
        await SyncAsync(
            database,
            "warm-up, unchanged (not a figure)",
            "?full=true",
            server,
            postmaster,
            source,
            warmUp,
            2
        );
        var id = await ConnectAsync(server, source.InstanceUrl);
        await SyncAsync(
            database,
            "full sync into an empty store",
            "?full=true",
            server,
            postmaster,
            source,
            id,
            1
        );
        if (afterInsert is not null)
            await afterInsert();
        await SyncAsync(
            database,
            "incremental, every record read again unchanged",
            "",
            server,
            postmaster,
            source,
            id,
            2
        );
        await SyncAsync(
            database,
            "full resync, unchanged, with reconciliation",
            "?full=true",
            server,
            postmaster,
            source,
            id,
            3
        );
    }

    internal static async Task<string> ConnectAsync(ServerProcess server, string instanceUrl)
    {
        var created = await server.Client.PostAsJsonAsync(
            "/api/connections",
            new
            {
                name = "Bench plant " + Guid.NewGuid().ToString("N")[..6],
                connector = BenchConnector.Id,
                credentials = new { instanceUrl, apiKey = WorkOrderSource.ApiKey },
            }
        );
        var body = await created.Content.ReadAsStringAsync();
        if (!created.IsSuccessStatusCode)
            throw new InvalidOperationException(
                $"creating the connection: {created.StatusCode} {body}"
            );
        return JsonNode.Parse(body)!["id"]!.GetValue<string>();
    }

    internal static async Task SyncAsync(
        string database,
        string what,
        string query,
        ServerProcess server,
        int? postmaster,
        WorkOrderSource source,
        string id,
        int number
    )
    {
        var before = ProcessCpu.Read([server], postmaster);
        var sourceCpu = WorkOrderSource.ProcessCpu();
        var served = source.Served;
        await using var memory = new MemorySamples(
            server.ProcessId,
            TimeSpan.FromMilliseconds(500)
        );
        await using var heap = GcHeapCounters.Start(server.ProcessId);
        await using var trace = CpuTrace.Start(server.ProcessId, $"{database}-{what}");
        (
            await server.Client.PostAsync($"/api/connections/{id}/sync{query}", null)
        ).EnsureSuccessStatusCode();
        var run = await FinishedAsync(server, id, number);
        var used = ProcessCpu.Read([server], postmaster) - before;
        sourceCpu = WorkOrderSource.ProcessCpu() - sourceCpu;
        if (run["status"]!.GetValue<string>() != "completed")
            throw new InvalidOperationException($"the sync did not complete: {run.ToJsonString()}");
        var counts = run["counts"]!.AsObject();
        int Sum(string name) => counts.Sum(c => c.Value![name]!.GetValue<int>());
        var records = Sum("inserted") + Sum("updated") + Sum("unchanged");
        var seconds = (
            run["finishedAt"]!.GetValue<DateTime>() - run["startedAt"]!.GetValue<DateTime>()
        ).TotalSeconds;
        Console.WriteLine(
            $"{database}, {what}: {records:N0} records ({Sum("inserted"):N0} inserted, {Sum("updated"):N0} updated, {Sum("unchanged"):N0} unchanged, {Sum("deleted"):N0} deleted) in {Sum("pages")} pages, served {source.Served - served:N0}"
        );
        Console.WriteLine(
            $"    {seconds:0.00} s, {records / seconds:N0} records/s; CPU per record: server {Micro(used.Servers, records)} µs"
                + (used.Postgres is { } pg ? $", PostgreSQL {Micro(pg, records)} µs" : "")
                + $", source and bench {Micro(sourceCpu, records)} µs; machine busy {used.MachineBusy.TotalSeconds:0.0} s of {seconds * Environment.ProcessorCount:0.0} s"
        );
        Console.WriteLine($"    {memory.Describe(12)}");
        Console.WriteLine($"    {heap.Describe()}");
    }

    private static string Micro(TimeSpan cpu, int records) =>
        records == 0 ? "-" : $"{cpu.TotalMicroseconds / records:0.0}";

    private static async Task<JsonNode> FinishedAsync(ServerProcess server, string id, int count)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var history = (
                await server.Client.GetFromJsonAsync<JsonArray>($"/api/connections/{id}/syncs")
            )!;
            var finished = history
                .Where(r => r!["status"]!.GetValue<string>() != "running")
                .ToList();
            if (finished.Count >= count)
                return finished[0]!;
            await Task.Delay(watch.Elapsed < TimeSpan.FromSeconds(5) ? 50 : 250);
        }
    }
}
