using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// Signed webhook deliveries per second on PostgreSQL (`-- webhooks [events]`): one subscription to a Kestrel
/// sink in this process (answers 204 at once), events published through <c>POST /api/webhooks/events</c> by
/// 16 clients, each becoming a delivery row and a queue item that a server node claims, signs, sends and
/// records. Measured from the first publish until every delivery is stored as Succeeded, with one node and with
/// two nodes on a throwaway PostgreSQL. Needs a Release build of the server (`dotnet build -c Release`).
/// </summary>
internal static class WebhookLoad
{
    public static async Task RunAsync(int events)
    {
        await using var sink = await Sink.StartAsync();
        await using var postgres = new PostgresServer();
        Console.WriteLine(
            "| nodes | workers/node | deliveries | publish s | all delivered s | deliveries/s | server CPU ms/delivery | bench CPU ms/delivery |"
        );
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var nodes in new[] { 1, 2 })
        {
            var database = await postgres.CreateDatabaseAsync();
            var servers = new List<ServerProcess>();
            try
            {
                foreach (var _ in Enumerable.Range(0, nodes))
                    servers.Add(
                        await ServerProcess.StartAsync(
                            ServerProcess.FreePort(),
                            new()
                            {
                                ["Database__Provider"] = "Postgres",
                                ["Database__ConnectionString"] = database,
                                ["Logging__LogLevel__Default"] = "Warning",
                                ["Outbound__AllowedRanges__0"] = "127.0.0.1/32",
                                ["Queue__Workers"] = Workers.ToString(),
                            },
                            CancellationToken.None
                        )
                    );
                sink.Received = 0;
                var serverCpu = ServerCpu(servers);
                var benchCpu = Process.GetCurrentProcess().TotalProcessorTime;
                var (publish, delivered) = await MeasureAsync(servers, database, sink, events);
                serverCpu = ServerCpu(servers) - serverCpu;
                benchCpu = Process.GetCurrentProcess().TotalProcessorTime - benchCpu;
                Console.WriteLine(
                    $"| {nodes} | {Workers} | {events} | {publish:0.0} | {delivered:0.0} | {events / delivered:N0} | {serverCpu.TotalMilliseconds / events:0.00} | {benchCpu.TotalMilliseconds / events:0.00} |"
                );
                if (sink.Received < events)
                    throw new InvalidOperationException(
                        $"the sink received {sink.Received} of {events} deliveries"
                    );
            }
            finally
            {
                foreach (var server in servers)
                    await server.DisposeAsync();
            }
        }
    }

    private const int Workers = 16;

    /// <summary>CPU time the server processes have used so far (all their threads).</summary>
    private static TimeSpan ServerCpu(List<ServerProcess> servers) =>
        servers.Aggregate(
            TimeSpan.Zero,
            (sum, server) => sum + Process.GetProcessById(server.ProcessId).TotalProcessorTime
        );

    private static async Task<(double Publish, double Delivered)> MeasureAsync(
        List<ServerProcess> servers,
        string database,
        Sink sink,
        int events
    )
    {
        var created = await servers[0]
            .Client.PostAsJsonAsync(
                "/api/webhooks",
                new { url = sink.Url, eventTypes = new[] { "sync.completed" } }
            );
        if (created.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException(await created.Content.ReadAsStringAsync());
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, events),
            new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (n, token) =>
            {
                var response = await servers[n % servers.Count]
                    .Client.PostAsJsonAsync(
                        "/api/webhooks/events",
                        new
                        {
                            type = "sync.completed",
                            connectionId = "conn-bench",
                            data = new JsonObject { ["entity"] = "workOrders", ["records"] = n },
                        },
                        token
                    );
                if (response.StatusCode != HttpStatusCode.Accepted)
                    throw new InvalidOperationException(
                        $"answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(token)}"
                    );
            }
        );
        var published = watch.Elapsed.TotalSeconds;
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        await using var count = new NpgsqlCommand(
            """SELECT count(*) FROM webhook_deliveries WHERE "Status" = 'Succeeded'""",
            db
        );
        while ((long)(await count.ExecuteScalarAsync())! < events)
        {
            if (watch.Elapsed > TimeSpan.FromMinutes(5))
                throw new TimeoutException("the deliveries did not succeed in 5 minutes");
            await Task.Delay(20);
        }
        return (published, watch.Elapsed.TotalSeconds);
    }

    /// <summary>A receiver that counts what it gets and answers 204.</summary>
    private sealed class Sink(WebApplication app) : IAsyncDisposable
    {
        public int Received;

        public string Url => app.Urls.First() + "/makini";

        public static async Task<Sink> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var sink = new Sink(app);
            app.Run(async context =>
            {
                await context.Request.Body.CopyToAsync(Stream.Null);
                Interlocked.Increment(ref sink.Received);
                context.Response.StatusCode = StatusCodes.Status204NoContent;
            });
            await app.StartAsync();
            return sink;
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
