using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Tests.Shared;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// A sync end to end on one server (SQLite): the Demo CMMS connected through the API; its first sync (fetch,
/// project, hash, upsert, checkpoints) and then an incremental one, timed from the sync history, with the server's
/// CPU and resident memory.
/// </summary>
internal static class DemoSync
{
    public static async Task RunAsync()
    {
        var folder = Directory.CreateTempSubdirectory("makini-demo-sync").FullName;
        await using var server = await ServerProcess.StartAsync(
            ServerProcess.FreePort(),
            new()
            {
                ["Database__Provider"] = "Sqlite",
                ["Database__ConnectionString"] = $"Data Source={Path.Combine(folder, "flows.db")}",
                ["Database__DataFolder"] = folder,
                ["Logging__LogLevel__Default"] = "Warning",
            },
            CancellationToken.None
        );
        var process = Process.GetProcessById(server.ProcessId);
        var created = await server.Client.PostAsJsonAsync(
            "/api/connections",
            new
            {
                name = "Riverbend",
                connector = "demo-cmms",
                credentials = new { username = "demo@makini.io", password = "makini-demo" },
            }
        );
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var cpu = process.TotalProcessorTime;
        var first = await FinishedAsync(server, id, 1);
        Report("first sync (backfill)", first, process, ref cpu, server);
        await server.Client.PostAsync($"/api/connections/{id}/sync", null);
        var second = await FinishedAsync(server, id, 2);
        Report("incremental sync", second, process, ref cpu, server);
        await server.Client.PostAsync($"/api/connections/{id}/sync?full=true", null);
        var full = await FinishedAsync(server, id, 3);
        Report("full resync", full, process, ref cpu, server);
    }

    private static void Report(
        string what,
        JsonNode run,
        Process process,
        ref TimeSpan cpu,
        ServerProcess server
    )
    {
        process.Refresh();
        var used = process.TotalProcessorTime - cpu;
        cpu = process.TotalProcessorTime;
        var counts = run["counts"]!.AsObject();
        var records = counts.Sum(c =>
            c.Value!["inserted"]!.GetValue<int>()
            + c.Value["updated"]!.GetValue<int>()
            + c.Value["unchanged"]!.GetValue<int>()
        );
        var pages = counts.Sum(c => c.Value!["pages"]!.GetValue<int>());
        var seconds = (
            run["finishedAt"]!.GetValue<DateTime>() - run["startedAt"]!.GetValue<DateTime>()
        ).TotalSeconds;
        Console.WriteLine(
            $"{what}: {records:N0} records in {pages} pages, {seconds:0.00} s ({records / seconds:N0} records/s), server CPU {used.TotalSeconds:0.00} s, {HostileMemory.Resident(server.ProcessId)} MB resident"
        );
    }

    private static async Task<JsonNode> FinishedAsync(ServerProcess server, string id, int count)
    {
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
            await Task.Delay(100);
        }
    }
}
