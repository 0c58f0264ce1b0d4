using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Tests.Shared;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// Saving a mapping over stored records (`-- mapping-save [records] [sqlite|postgres|both]`, issue 17): a real server
/// process on SQLite or a throwaway PostgreSQL, <c>records</c> work orders of one connection stored by a full sync
/// from the MaintainX-like source of <see cref="SyncThroughput"/>, then a <c>PUT /api/connections/{id}/mappings/
/// work-orders</c> (title remapped, a JavaScript custom field and a declarative one) timed until it answers: the save
/// re-projects every stored record inside the request. Then the next <c>GET /api/eam/work-orders</c> is checked to
/// follow it. A warm-up connection of 20,000 records is synced and mapped first (JIT, the JavaScript engines).
/// Needs Release builds of the server and the bench.
/// </summary>
internal static class MappingSave
{
    /// <summary>The saved document: the title from the description, a JavaScript and a declarative custom field.</summary>
    public static readonly JsonObject Document = new()
    {
        ["fields"] = new JsonObject { ["title"] = "/description" },
        ["customFields"] = new JsonObject
        {
            ["costCenter"] = new JsonObject
            {
                ["type"] = "string",
                ["js"] = "'CC-' + raw.locationId",
            },
            ["creator"] = new JsonObject { ["type"] = "integer", ["path"] = "/creatorId" },
        },
    };

    public static async Task RunAsync(int records, string database)
    {
        Console.WriteLine(
            $"mapping-save: {records:N0} work orders, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"
        );
        await using var source = await WorkOrderSource.StartAsync(records);
        var connectors = BenchConnector.WriteFolder(1_000);
        try
        {
            if (database is "sqlite" or "both")
            {
                var folder = Directory.CreateTempSubdirectory("makini-mapping-save").FullName;
                try
                {
                    await using var server = await ServerProcess.StartAsync(
                        ServerProcess.FreePort(),
                        SyncThroughput.Settings(
                            connectors,
                            "Sqlite",
                            $"Data Source={Path.Combine(folder, "flows.db")}",
                            folder
                        ),
                        CancellationToken.None
                    );
                    await MeasureAsync("SQLite", server, null, source);
                }
                finally
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
            if (database is "postgres" or "both")
            {
                await using var postgres = new PostgresServer();
                var connection = await postgres.CreateDatabaseAsync();
                var postmaster = await ProcessCpu.PostmasterAsync(connection);
                await using var server = await ServerProcess.StartAsync(
                    ServerProcess.FreePort(),
                    SyncThroughput.Settings(connectors, "Postgres", connection, null),
                    CancellationToken.None
                );
                await MeasureAsync(
                    $"PostgreSQL {postgres.Version}",
                    server,
                    postmaster,
                    source,
                    () => SyncThroughput.VacuumAsync(connection)
                );
            }
        }
        finally
        {
            Directory.Delete(connectors, recursive: true);
        }
    }

    private static async Task MeasureAsync(
        string database,
        ServerProcess server,
        int? postmaster,
        WorkOrderSource source,
        Func<Task>? afterInsert = null
    )
    {
        var warmUp = await SyncThroughput.ConnectAsync(server, source.WarmUpUrl);
        await SyncThroughput.SyncAsync(
            database,
            "warm-up (not a figure)",
            "?full=true",
            server,
            postmaster,
            source,
            warmUp,
            1
        );
        var id = await SyncThroughput.ConnectAsync(server, source.InstanceUrl);
        await SyncThroughput.SyncAsync(
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
        await SaveAsync(database, "warm-up connection (not a figure)", server, postmaster, warmUp);
        await SaveAsync(database, "save", server, postmaster, id);
    }

    /// <summary>Saves the document and times it; prints the save's figures and checks the next records request.</summary>
    public static async Task SaveAsync(
        string database,
        string what,
        ServerProcess server,
        int? postmaster,
        string id,
        JsonObject? document = null,
        Func<JsonObject, bool>? follows = null
    )
    {
        using var client = new HttpClient
        {
            BaseAddress = server.Client.BaseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.Authorization = server
            .Client
            .DefaultRequestHeaders
            .Authorization;
        var before = ProcessCpu.Read([server], postmaster);
        var watch = Stopwatch.StartNew();
        using var response = await client.PutAsJsonAsync(
            $"/api/connections/{id}/mappings/work-orders",
            document ?? Document
        );
        var body = await response.Content.ReadAsStringAsync();
        var seconds = watch.Elapsed.TotalSeconds;
        var used = ProcessCpu.Read([server], postmaster) - before;
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"the save: {response.StatusCode} {body}");
        var answer = JsonNode.Parse(body)!;
        var reprojected = answer["reprojected"]!.GetValue<long>();
        Console.WriteLine(
            $"{database}, {what}: PUT answered in {seconds:0.00} s, {reprojected:N0} records re-projected, {reprojected / seconds:N0} records/s; "
                + $"CPU per record: server {used.Servers.TotalMicroseconds / reprojected:0.0} µs"
                + (
                    used.Postgres is { } pg
                        ? $", PostgreSQL {pg.TotalMicroseconds / reprojected:0.0} µs"
                        : ""
                )
                + $"; machine busy {used.MachineBusy.TotalSeconds:0.0} s of {seconds * Environment.ProcessorCount:0.0} s; "
                + $"version {answer["version"]}, warnings {answer["warnings"]?.AsArray().Count ?? 0}"
        );

        // The next records request follows the new mapping.
        watch.Restart();
        using var request = new HttpRequestMessage(
            HttpMethod.Get,
            "/api/eam/work-orders?per_page=100"
        );
        request.Headers.Add("X-Connection-Id", id);
        using var listed = await client.SendAsync(request);
        var page = JsonNode.Parse(await listed.Content.ReadAsStringAsync())!;
        listed.EnsureSuccessStatusCode();
        var data = page["data"]!.AsArray();
        follows ??= record =>
            record["title"]?.GetValue<string>() == record["instructions"]?.GetValue<string>()
            && record["customFields"]?["costCenter"]?.GetValue<string>()
                == "CC-" + record["locationKey"]?.GetValue<string>()
            && record["customFields"]?["creator"] is not null;
        var following = data.Count(r => follows(r!.AsObject()));
        Console.WriteLine(
            $"    next GET /api/eam/work-orders: {watch.Elapsed.TotalMilliseconds:0} ms, {following} of {data.Count} records follow the mapping, total {page["meta"]?["total"]}"
        );
        if (following != data.Count || data.Count == 0)
            throw new InvalidOperationException(
                $"the records do not follow the mapping: {data.FirstOrDefault()?.ToJsonString()}"
            );
    }
}
