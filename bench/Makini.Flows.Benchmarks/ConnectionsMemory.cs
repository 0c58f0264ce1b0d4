using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Tests.Shared;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// Many connections on one server (SQLite): the Demo CMMS connected N times through the API, then every one of them
/// probed twice (a one-minute probe interval). Prints the server's resident memory as they are created and while
/// they are probed, the server's CPU per probe, and how long listing the last page takes.
/// </summary>
internal static class ConnectionsMemory
{
    public static async Task RunAsync(int count, int minutes)
    {
        var folder = Directory.CreateTempSubdirectory("makini-connections-memory").FullName;
        await using var server = await ServerProcess.StartAsync(
            ServerProcess.FreePort(),
            new()
            {
                ["Database__Provider"] = "Sqlite",
                ["Database__ConnectionString"] = $"Data Source={Path.Combine(folder, "flows.db")}",
                ["Database__DataFolder"] = folder,
                ["Connections__ProbeInterval"] = "00:01:00",
                ["Logging__LogLevel__Default"] = "Warning",
            },
            CancellationToken.None
        );
        await Task.Delay(TimeSpan.FromSeconds(5));
        var process = Process.GetProcessById(server.ProcessId);
        Console.WriteLine($"after start, no connection: {Resident(server)} MB resident");

        var watch = Stopwatch.StartNew();
        var created = 0;
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
                        ["connector"] = "demo-cmms",
                        ["credentials"] = new JsonObject
                        {
                            ["username"] = "demo@makini.io",
                            ["password"] = "makini-demo",
                        },
                    },
                    ct
                );
                if (!response.IsSuccessStatusCode)
                    throw new InvalidOperationException(
                        await response.Content.ReadAsStringAsync(ct)
                    );
                var done = Interlocked.Increment(ref created);
                if (done % Math.Max(1, count / 5) == 0)
                    Console.WriteLine(
                        $"{done, 6:N0} connections created in {watch.Elapsed.TotalSeconds, 4:0} s: {Resident(server)} MB resident"
                    );
            }
        );

        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var probeWatch = Stopwatch.StartNew();
        for (var minute = 1; minute <= minutes; minute++)
        {
            await Task.Delay(TimeSpan.FromMinutes(1));
            Console.WriteLine($"probing, minute {minute}: {Resident(server)} MB resident");
        }
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        Console.WriteLine(
            $"{minutes} probe intervals of {count:N0} connections ({count * minutes:N0} probes): server CPU {cpu.TotalSeconds:0.0} s, {cpu.TotalMilliseconds / (count * minutes):0.00} ms a probe"
        );

        var probedRecently = 0;
        var online = 0;
        var since = DateTime.UtcNow - TimeSpan.FromSeconds(65);
        for (var page = 1; ; page++)
        {
            var list = await server.Client.GetFromJsonAsync<JsonObject>(
                $"/api/connections?page={page}&per_page=100"
            );
            var data = list!["data"]!.AsArray();
            probedRecently += data.Count(c => c!["lastCheckedAt"]?.GetValue<DateTime>() >= since);
            online += data.Count(c => c!["status"]!.GetValue<string>() == "online");
            if (data.Count < 100)
                break;
        }
        Console.WriteLine(
            $"connections checked in the last 65 s: {probedRecently:N0} of {count:N0}; online: {online:N0}"
        );

        var lastPage = (count + 24) / 25;
        for (var round = 0; round < 3; round++)
        {
            var watchList = Stopwatch.StartNew();
            var last = await server.Client.GetFromJsonAsync<JsonObject>(
                $"/api/connections?page={lastPage}&per_page=25"
            );
            Console.WriteLine(
                $"GET /api/connections?page={lastPage}&per_page=25: {last!["data"]!.AsArray().Count} connections of {last["meta"]!["total"]}, {watchList.Elapsed.TotalMilliseconds:0.0} ms"
            );
        }
    }

    private static long Resident(ServerProcess server) => HostileMemory.Resident(server.ProcessId);
}
