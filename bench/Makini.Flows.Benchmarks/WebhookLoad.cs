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
    public static async Task RunAsync(int events, bool lean)
    {
        await using var sink = await Sink.StartAsync();
        await using var postgres = new PostgresServer();
        Console.WriteLine(
            $"| nodes | events queued by | deliveries | queued after s | all delivered after s | deliveries/s | CPU ms/delivery: server | PostgreSQL | sink and bench |"
        );
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var nodes in new[] { 1, 2 })
        {
            var database = await postgres.CreateDatabaseAsync();
            await using var cluster = await PostgresNodes.StartAsync(
                database,
                nodes,
                new()
                {
                    ["Outbound__AllowedRanges__0"] = "127.0.0.1/32",
                    ["Queue__Workers"] = Workers.ToString(),
                    // "lean": workstation GC and no thread-pool spinning, for a crowded machine.
                    ["DOTNET_gcServer"] = lean ? "0" : "1",
                    ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = lean ? "0" : "70",
                }
            );
            var servers = cluster.Servers;
            var postmaster = await ProcessCpu.PostmasterAsync(database);
            sink.Received = 0;
            var endpointId = await SubscribeAsync(servers[0], sink);
            // Warm-up (JIT, connection pools), not measured.
            await PublishAsync(servers, 200);
            await WaitForSucceededAsync(database, 200);
            foreach (var way in new[] { "bulk SQL", "API" })
            {
                var before = await CountSucceededAsync(database);
                var receivedBefore = sink.Received;
                var cpu = ProcessCpu.Read(servers, postmaster);
                var benchCpu = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                if (way == "API")
                    await PublishAsync(servers, events);
                else
                    await QueueInBulkAsync(database, endpointId, events);
                var queued = watch.Elapsed.TotalSeconds;
                // The sink's own count first (free), then the database (a table scan) once it is full.
                while (
                    sink.Received < receivedBefore + events
                    && watch.Elapsed < TimeSpan.FromMinutes(5)
                )
                    await Task.Delay(5);
                await WaitForSucceededAsync(database, before + events);
                var delivered = watch.Elapsed.TotalSeconds;
                cpu = ProcessCpu.Read(servers, postmaster) - cpu;
                benchCpu = Process.GetCurrentProcess().TotalProcessorTime - benchCpu;
                Console.WriteLine(
                    $"| {nodes} | {way} | {events} | {queued:0.0} | {delivered:0.0} | {events / delivered:N0} | {cpu.Servers.TotalMilliseconds / events:0.00} | {cpu.Postgres?.TotalMilliseconds / events:0.00} | {benchCpu.TotalMilliseconds / events:0.00} |"
                );
            }
            if (sink.Received < 200 + 2 * events)
                throw new InvalidOperationException(
                    $"the sink received {sink.Received} of {200 + 2 * events} deliveries"
                );
        }
    }

    private const int Workers = 16;

    private static async Task<string> SubscribeAsync(ServerProcess server, Sink sink)
    {
        var created = await server.Client.PostAsJsonAsync(
            "/api/webhooks",
            new { url = sink.Url, eventTypes = new[] { "sync.completed" } }
        );
        if (created.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException(await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonObject>())!["endpoint"]![
            "id"
        ]!.GetValue<string>();
    }

    /// <summary>Events through <c>POST /api/webhooks/events</c>, 16 at a time, round-robin over the nodes.</summary>
    private static Task PublishAsync(List<ServerProcess> servers, int events) =>
        Parallel.ForEachAsync(
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
                            // Fits the event type's schema, which the API checks.
                            data = new JsonObject
                            {
                                ["syncId"] = $"sync-{n}",
                                ["mode"] = "incremental",
                                ["startedAt"] = "2026-01-01T00:00:00Z",
                                ["finishedAt"] = "2026-01-01T00:00:01Z",
                                ["entities"] = new JsonObject
                                {
                                    ["workOrders"] = new JsonObject
                                    {
                                        ["inserted"] = n,
                                        ["updated"] = 0,
                                        ["deleted"] = 0,
                                    },
                                },
                            },
                        },
                        token
                    );
                if (response.StatusCode != HttpStatusCode.Accepted)
                    throw new InvalidOperationException(
                        $"answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(token)}"
                    );
            }
        );

    /// <summary>
    /// Delivery rows and their queue items written in one statement each, as the outbox writes them, so the
    /// measurement is of delivering alone.
    /// </summary>
    private static async Task QueueInBulkAsync(string database, string endpointId, int events)
    {
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        await using var transaction = await db.BeginTransactionAsync();
        await using var insert = new NpgsqlCommand(
            """
            CREATE TEMP TABLE bench_ids ON COMMIT DROP AS
              SELECT 'msg_' || replace(gen_random_uuid()::text, '-', '') AS id, n FROM generate_series(1, @events) AS n;
            INSERT INTO webhook_deliveries ("Id", "EndpointId", "EventType", "ConnectionId", "Body", "Status", "Attempts", "NextAttemptAt", "CreatedAt", "UpdatedAt")
              SELECT id, @endpoint, 'sync.completed', 'conn-bench',
                     '{"type":"sync.completed","timestamp":"' || to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '","connectionId":"conn-bench","data":{"entity":"workOrders","records":' || n || '}}',
                     'Pending', 0, now(), now(), now()
              FROM bench_ids;
            INSERT INTO work_items ("Kind", "Payload", "DedupKey", "Status", "Attempts", "MaxAttempts", "AvailableAt", "CreatedAt", "UpdatedAt")
              SELECT 'webhook', id, 'webhook:' || id || ':1', 'Queued', 0, 5, now(), now(), now() FROM bench_ids;
            """,
            db,
            transaction
        );
        insert.Parameters.AddWithValue("events", events);
        insert.Parameters.AddWithValue("endpoint", endpointId);
        await insert.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    private static async Task<long> CountSucceededAsync(string database)
    {
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        await using var count = new NpgsqlCommand(
            """SELECT count(*) FROM webhook_deliveries WHERE "Status" = 'Succeeded'""",
            db
        );
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task WaitForSucceededAsync(string database, long expected)
    {
        var watch = Stopwatch.StartNew();
        while (await CountSucceededAsync(database) < expected)
        {
            if (watch.Elapsed > TimeSpan.FromMinutes(5))
                throw new TimeoutException("the deliveries did not succeed in 5 minutes");
            await Task.Delay(20);
        }
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
