using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Tests.Shared;
using Npgsql;
using NpgsqlTypes;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// The records API with one million work orders of one connection on PostgreSQL (`-- records-query [count]
/// [requests]`): the records are loaded with a binary COPY (after the table's indexes exist, as a sync would find
/// them), the table vacuumed and analysed as autovacuum would, then each query is timed over HTTP with the
/// connection's token, one request at a time: p50 and p99 of the whole round trip. Needs a Release build of the
/// server (`dotnet build -c Release`).
/// </summary>
internal static class RecordsQuery
{
    private static readonly (string Key, string Name, int Percent)[] Statuses =
    [
        ("open", "Open", 20),
        ("in_progress", "In progress", 15),
        ("on_hold", "On hold", 5),
        ("completed", "Completed", 40),
        ("cancelled", "Cancelled", 20),
    ];

    private static readonly string[] Titles =
    [
        "Replace pump seal",
        "Inspect conveyor belt",
        "Lubricate bearings",
        "Calibrate pressure sensor",
        "Check motor vibration",
        "Replace air filter",
        "Tighten flange bolts",
        "Clean heat exchanger",
    ];

    private static readonly string[] Severities = ["low", "medium", "high", "critical"];

    public static async Task RunAsync(int count, int requests)
    {
        await using var postgres = new PostgresServer();
        var database = await postgres.CreateDatabaseAsync();
        await using var nodes = await PostgresNodes.StartAsync(
            database,
            1,
            new()
            {
                ["DemoCmms__ConnectAtFirstStart"] = "false",
                ["Records__RequestsPerMinute"] = "1000000",
            }
        );
        var server = nodes.Servers[0];
        var connectionId = "con_" + Guid.NewGuid().ToString("N")[..24];
        await using (var db = new NpgsqlConnection(database))
        {
            await db.OpenAsync();
            await AddConnectionAsync(db, connectionId);
            var watch = Stopwatch.StartNew();
            await LoadAsync(db, connectionId, count);
            Console.WriteLine(
                $"loaded {count:N0} work orders with COPY in {watch.Elapsed.TotalSeconds:0.0} s ({count / watch.Elapsed.TotalSeconds:N0} records/s)"
            );
            watch.Restart();
            await ExecuteAsync(db, "VACUUM ANALYZE records");
            Console.WriteLine($"VACUUM ANALYZE: {watch.Elapsed.TotalSeconds:0.0} s");
            await PrintSizesAsync(db);
            await using (var cmd = new NpgsqlCommand("SELECT relpages, relallvisible FROM pg_class WHERE relname = 'records'", db))
            await using (var r = await cmd.ExecuteReaderAsync()) { await r.ReadAsync(); Console.WriteLine($"DEBUG first relpages {r.GetInt32(0)} allvisible {r.GetInt32(1)}"); }
            await Task.Delay(2000);
            await ExecuteAsync(db, "VACUUM (VERBOSE) records");
            await using (var cmd = new NpgsqlCommand("SELECT relpages, relallvisible FROM pg_class WHERE relname = 'records'", db))
            await using (var r = await cmd.ExecuteReaderAsync()) { await r.ReadAsync(); Console.WriteLine($"DEBUG relpages {r.GetInt32(0)} allvisible {r.GetInt32(1)}"); }
            await using (var cmd = new NpgsqlCommand("SELECT pid, state, backend_xmin::text, xact_start::text, left(query, 80) FROM pg_stat_activity WHERE backend_xmin IS NOT NULL", db))
            await using (var r = await cmd.ExecuteReaderAsync()) { while (await r.ReadAsync()) Console.WriteLine($"DEBUG {r.GetValue(0)} {r.GetValue(1)} {r.GetValue(2)} {r.GetValue(3)} {r.GetValue(4)}"); }
            await ExplainAsync(db, connectionId);
        }

        var created = await server.Client.PostAsJsonAsync(
            $"/api/connections/{connectionId}/tokens",
            new { name = "bench" }
        );
        created.EnsureSuccessStatusCode();
        var token = (await created.Content.ReadFromJsonAsync<JsonObject>())![
            "token"
        ]!.GetValue<string>();
        using var client = new HttpClient { BaseAddress = server.Client.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        Console.WriteLine();
        Console.WriteLine(
            $"| GET /api/eam/... ({count:N0} work orders) | records | total | p50 ms | p99 ms |"
        );
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (
            var (query, times) in new[]
            {
                ("work-orders?filter[statusKey]=open&sort[updatedAt]=1&per_page=100", requests),
                (
                    "work-orders?filter[statusKey]=open&sort[updatedAt]=1&per_page=100&page=50",
                    requests / 5
                ),
                ("work-orders?sort[updatedAt]=1&per_page=100", requests / 5),
                (
                    "work-orders?filter[siteKey]=SITE-07&filter[statusKey]=on_hold&per_page=100",
                    requests / 5
                ),
                (
                    "work-orders?filter[updatedAt:gteq]=2026-01-01&sort[updatedAt]=0&per_page=100",
                    requests / 5
                ),
                ($"work-orders/WO-{count / 2:D7}", requests / 5),
                ("statuses/work-orders", requests / 5),
                (
                    "work-orders?filter[title:contains]=vibration&filter[severity]=critical&per_page=100",
                    20
                ),
            }
        )
            await TimeAsync(client, query, times);
    }

    private static async Task TimeAsync(HttpClient client, string query, int times)
    {
        var path = "/api/eam/" + query;
        // Warm-up: JIT, connection pool, plan and page caches.
        for (var i = 0; i < Math.Min(50, times); i++)
            (await client.GetAsync(path)).EnsureSuccessStatusCode();
        var durations = new double[times];
        string body = "";
        for (var i = 0; i < times; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync(path);
            body = await response.Content.ReadAsStringAsync();
            durations[i] = watch.Elapsed.TotalMilliseconds;
            response.EnsureSuccessStatusCode();
        }
        Array.Sort(durations);
        var answer = JsonNode.Parse(body)!;
        var records = answer["data"] is JsonArray data ? data.Count : 1;
        var total =
            answer["meta"]?["total"]?.GetValue<int>().ToString("N0", CultureInfo.InvariantCulture)
            ?? "";
        Console.WriteLine(
            $"| `{query}` | {records} | {total} | {Percentile(durations, 0.50):0.0} | {Percentile(durations, 0.99):0.0} |"
        );
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static async Task AddConnectionAsync(NpgsqlConnection db, string id)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO connections ("Id", "Name", "ConnectorId", "ProtectedCredentials", "PublicCredentialsJson",
                "MetadataJson", "Status", "StatusChangedAt", "ConnectedAt", "CreatedAt", "UpdatedAt")
            VALUES (@id, 'Bench plant', 'demo-cmms', '', '{}', '{}', 'disabled', now(), now(), now(), now())
            """,
            db
        );
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Work orders as the unified projection writes them, with a source record beside each.</summary>
    private static async Task LoadAsync(NpgsqlConnection db, string connectionId, int count)
    {
        var random = new Random(16);
        var start = new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var span = (new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc) - start).Ticks;
        var now = DateTime.UtcNow;
        await using var copy = await db.BeginBinaryImportAsync(
            """
            COPY records (connection_id, entity, source_key, key, data, raw, hash, updated_at, status_key,
                          first_seen, last_seen) FROM STDIN (FORMAT BINARY)
            """
        );
        for (var i = 1; i <= count; i++)
        {
            var key = $"WO-{i:D7}";
            var updated = new DateTime(
                start.Ticks + (long)(random.NextDouble() * span),
                DateTimeKind.Utc
            );
            updated = updated.AddTicks(-(updated.Ticks % TimeSpan.TicksPerMillisecond));
            var created = updated.AddDays(-random.Next(0, 60));
            var status = PickStatus(random.Next(100));
            var title = Titles[random.Next(Titles.Length)];
            var site = $"SITE-{random.Next(1, 41):D2}";
            var severity = Severities[random.Next(Severities.Length)];
            var unified = new Dictionary<string, object>
            {
                ["assetKey"] = $"A-{random.Next(1, 20_001):D5}",
                ["categoryName"] = "Corrective",
                ["createdAt"] = Iso(created),
                ["dueAt"] = Iso(created.AddDays(14)),
                ["instructions"] =
                    $"{title}: isolate, lock out, do the work, test and sign off. Report findings.",
                ["key"] = key,
                ["severity"] = severity,
                ["siteKey"] = site,
                ["status"] = status.Name,
                ["statusKey"] = status.Key,
                ["teamKey"] = $"TEAM-{random.Next(1, 13)}",
                ["title"] = title,
                ["updatedAt"] = Iso(updated),
            };
            var raw = new Dictionary<string, object>
            {
                ["id"] = i,
                ["number"] = key,
                ["title"] = title,
                ["description"] = unified["instructions"],
                ["state"] = status.Key.ToUpperInvariant(),
                ["priority"] = severity.ToUpperInvariant(),
                ["site_id"] = site,
                ["asset_id"] = unified["assetKey"],
                ["created_at"] = unified["createdAt"],
                ["updated_at"] = unified["updatedAt"],
                ["due_date"] = unified["dueAt"],
            };
            await copy.StartRowAsync();
            await copy.WriteAsync(connectionId, NpgsqlDbType.Varchar);
            await copy.WriteAsync("work-orders", NpgsqlDbType.Varchar);
            await copy.WriteAsync(i.ToString(CultureInfo.InvariantCulture), NpgsqlDbType.Text);
            await copy.WriteAsync(key, NpgsqlDbType.Text);
            await copy.WriteAsync(JsonSerializer.Serialize(unified), NpgsqlDbType.Jsonb);
            await copy.WriteAsync(JsonSerializer.Serialize(raw), NpgsqlDbType.Jsonb);
            await copy.WriteAsync(
                Convert
                    .ToHexStringLower(BitConverter.GetBytes(random.NextInt64()))
                    .PadLeft(64, '0'),
                NpgsqlDbType.Varchar
            );
            await copy.WriteAsync(updated, NpgsqlDbType.TimestampTz);
            await copy.WriteAsync(status.Key, NpgsqlDbType.Text);
            await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
        }
        await copy.CompleteAsync();
    }

    private static (string Key, string Name) PickStatus(int percentile)
    {
        foreach (var (key, name, percent) in Statuses)
        {
            if (percentile < percent)
                return (key, name);
            percentile -= percent;
        }
        return (Statuses[^1].Key, Statuses[^1].Name);
    }

    private static string Iso(DateTime time) =>
        time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static async Task PrintSizesAsync(NpgsqlConnection db)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT pg_size_pretty(pg_table_size('records')),
                   string_agg(indexrelname || ' ' || pg_size_pretty(pg_relation_size(indexrelid)), ', ' ORDER BY indexrelname)
            FROM pg_stat_user_indexes WHERE relname = 'records'
            """,
            db
        );
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Console.WriteLine(
            $"table (with TOAST): {reader.GetString(0)}; indexes: {reader.GetString(1)}"
        );
    }

    /// <summary>The plans of the main query's two statements (the page, then the count), as the server sends them.</summary>
    private static async Task ExplainAsync(NpgsqlConnection db, string connectionId)
    {
        const string Scope =
            "connection_id = @connection AND entity = 'work-orders' AND deleted_at IS NULL AND (status_key = 'open')";
        foreach (
            var sql in new[]
            {
                $"SELECT data::text FROM records WHERE {Scope} ORDER BY updated_at DESC NULLS FIRST, id DESC LIMIT 100 OFFSET 0",
                $"SELECT count(*) FROM records WHERE {Scope}",
            }
        )
        {
            await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + sql, db);
            command.Parameters.AddWithValue("connection", connectionId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                Console.WriteLine("    " + reader.GetString(0));
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }
}
