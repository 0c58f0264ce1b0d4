using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Tests.Shared;
using Npgsql;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// Background runs per second on PostgreSQL (`-- background`): async HTTP-triggered runs (a 5-item ForEach,
/// 8 activities, a checkpoint after each) posted as fast as 16 clients can, with one node and with two nodes
/// sharing a throwaway PostgreSQL started from the local binaries. Measured from the first post until the
/// last run is stored as completed. Needs a Release build of the server (`dotnet build -c Release`).
/// </summary>
internal static class BackgroundLoad
{
    private const int Runs = 2000;

    private static readonly string Flow = BackgroundWorkFlow.Json(
        "background-work",
        "bench/background"
    );

    public static async Task RunAsync()
    {
        await using var postgres = new PostgresServer();
        Console.WriteLine("| nodes | runs | seconds | runs/s |");
        Console.WriteLine("|---:|---:|---:|---:|");
        foreach (var nodes in new[] { 1, 2 })
        {
            var database = await postgres.CreateDatabaseAsync();
            await using var cluster = await PostgresNodes.StartAsync(database, nodes);
            var servers = cluster.Servers;
            var seconds = await MeasureAsync(servers, database);
            Console.WriteLine($"| {nodes} | {Runs} | {seconds:0.0} | {Runs / seconds:N0} |");
        }
    }

    private static async Task<double> MeasureAsync(List<ServerProcess> servers, string database)
    {
        var publish = await servers[0]
            .Client.PostAsync(
                "/api/flows/import?publish=true",
                new StringContent(Flow, Encoding.UTF8, "application/json")
            );
        if (!publish.IsSuccessStatusCode)
            throw new InvalidOperationException(await publish.Content.ReadAsStringAsync());
        await Task.Delay(HookRoutesRefresh);
        var body = """{"items": [1, 2, 3, 4, 5]}""";
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, Runs),
            new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (n, token) =>
            {
                var response = await servers[n % servers.Count]
                    .Client.PostAsync(
                        "/hooks/bench/background",
                        new StringContent(body, Encoding.UTF8, "application/json"),
                        token
                    );
                if (response.StatusCode != HttpStatusCode.Accepted)
                    throw new InvalidOperationException(
                        $"answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(token)}"
                    );
            }
        );
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        await using var count = new NpgsqlCommand(
            """SELECT count(*) FROM runs WHERE "Status" = 'Completed'""",
            db
        );
        while ((long)(await count.ExecuteScalarAsync())! < Runs)
        {
            if (watch.Elapsed > TimeSpan.FromMinutes(5))
                throw new TimeoutException("the runs did not complete in 5 minutes");
            await Task.Delay(20);
        }
        return watch.Elapsed.TotalSeconds;
    }

    // Other nodes serve a newly published route once they reload their routes.
    private static readonly TimeSpan HookRoutesRefresh = TimeSpan.FromSeconds(2.5);
}
