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
/// connection's token, one request at a time: p50 and p99 of the whole round trip. With `custom-fields` the source
/// records are shaped as the Demo CMMS answers them and a mapping with 5 custom fields (one JavaScript) is saved
/// through the API before the queries (the save, which re-projects every record, is timed too), and queries on custom
/// fields are added. Needs a Release build of the server (`dotnet build -c Release`).
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

    /// <summary>The mapping of `custom-fields`: 5 custom fields, one of them JavaScript.</summary>
    private static readonly JsonObject CustomFieldsMapping = new()
    {
        ["customFields"] = new JsonObject
        {
            ["costCenter"] = new JsonObject { ["type"] = "string", ["js"] = "'CC-' + raw.siteId" },
            ["requester"] = new JsonObject { ["type"] = "string", ["path"] = "/requestedById" },
            ["estimatedHours"] = new JsonObject
            {
                ["type"] = "number",
                ["path"] = "/estimatedHours",
            },
            ["workType"] = new JsonObject
            {
                ["type"] = "string",
                ["path"] = "/type",
                ["values"] = new JsonObject
                {
                    ["corrective"] = "CM",
                    ["preventive"] = "PM",
                    ["inspection"] = "IN",
                },
            },
            ["assignee"] = new JsonObject { ["type"] = "string", ["path"] = "/assignedToId" },
        },
    };

    private static readonly string[] Types = ["corrective", "preventive", "inspection"];

    public static async Task RunAsync(int count, int requests, bool customFields = false)
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
            await LoadAsync(db, connectionId, count, customFields);
            Console.WriteLine(
                $"loaded {count:N0} work orders with COPY in {watch.Elapsed.TotalSeconds:0.0} s ({count / watch.Elapsed.TotalSeconds:N0} records/s)"
            );
            // What the records store keeps beside the records it writes (COPY went around it).
            await ExecuteAsync(
                db,
                """
                INSERT INTO record_counts (connection_id, entity, has_status, status_key, live)
                SELECT connection_id, entity, status_key IS NOT NULL, coalesce(status_key, ''), count(*)
                FROM records WHERE deleted_at IS NULL
                GROUP BY connection_id, entity, status_key IS NOT NULL, coalesce(status_key, '')
                """
            );
            watch.Restart();
            await VacuumAsync(db);
            Console.WriteLine(
                $"VACUUM ANALYZE until every page is all-visible: {watch.Elapsed.TotalSeconds:0.0} s"
            );
            if (!customFields)
            {
                await PrintSizesAsync(db);
                await ExplainAsync(db, connectionId);
            }
        }
        if (customFields)
        {
            await MappingSave.SaveAsync(
                "PostgreSQL",
                $"mapping with 5 custom fields over {count:N0} work orders",
                server,
                await ProcessCpu.PostmasterAsync(database),
                connectionId,
                CustomFieldsMapping,
                record =>
                    record["customFields"]?["costCenter"]?.GetValue<string>()
                        == "CC-" + record["siteKey"]?.GetValue<string>()
                    && record["customFields"]!.AsObject().Count == 5
            );
            await using var db = new NpgsqlConnection(database);
            await db.OpenAsync();
            var watch = Stopwatch.StartNew();
            await VacuumAsync(db);
            Console.WriteLine(
                $"VACUUM ANALYZE after the save (its updates left a dead row per record): {watch.Elapsed.TotalSeconds:0.0} s"
            );
            await PrintSizesAsync(db);
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
        (string Query, int Times)[] customQueries = customFields
            ?
            [
                (
                    "work-orders?filter[customFields.costCenter]=CC-SITE-07&per_page=100",
                    requests / 5
                ),
                (
                    "work-orders?filter[customFields.costCenter]=CC-SITE-07&filter[statusKey]=on_hold&per_page=100",
                    requests / 5
                ),
                (
                    "work-orders?filter[customFields.workType]=IN&sort[updatedAt]=1&per_page=100",
                    requests / 5
                ),
                ("work-orders?sort[customFields.estimatedHours]=1&per_page=100", 20),
                ("work-orders/custom-fields", requests / 5),
            ]
            : [];
        foreach (
            var (query, times) in new (string, int)[]
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
            }.Concat(customQueries)
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
    private static async Task LoadAsync(
        NpgsqlConnection db,
        string connectionId,
        int count,
        bool demoShaped
    )
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
            var raw = demoShaped
                ? DemoRaw(i, key, title, status.Key, severity, site, unified, random)
                : new Dictionary<string, object?>
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
            await copy.WriteAsync(
                demoShaped ? key : i.ToString(CultureInfo.InvariantCulture),
                NpgsqlDbType.Text
            );
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

    /// <summary>A work order as the Demo CMMS answers it, whose default mapping gives the unified record's fields.</summary>
    private static Dictionary<string, object?> DemoRaw(
        int i,
        string key,
        string title,
        string status,
        string severity,
        string site,
        Dictionary<string, object> unified,
        Random random
    ) =>
        new()
        {
            ["id"] = key,
            ["number"] = i,
            ["title"] = title,
            ["description"] = unified["instructions"],
            ["status"] = status,
            ["priority"] = severity,
            ["type"] = Types[random.Next(Types.Length)],
            ["assetId"] = unified["assetKey"],
            ["locationId"] = $"LOC-{random.Next(1, 400):D3}",
            ["siteId"] = site,
            ["assignedToId"] = random.Next(4) == 0 ? null : $"USR-{random.Next(1, 60):D3}",
            ["requestedById"] = $"USR-{random.Next(1, 60):D3}",
            ["dueDate"] = unified["dueAt"],
            ["estimatedHours"] = random.Next(1, 33) / 2.0,
            ["startedAt"] = null,
            ["completedAt"] = null,
            ["tasks"] = Array.Empty<object>(),
            ["createdAt"] = unified["createdAt"],
            ["updatedAt"] = unified["updatedAt"],
            ["deletedAt"] = null,
        };

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

    /// <summary>
    /// The plans of the main query's statements (its page, a deep page, its total), as the server sends them, and of
    /// the count of a query filtered on a field of the JSON.
    /// </summary>
    private static async Task ExplainAsync(NpgsqlConnection db, string connectionId)
    {
        const string Page = """
            SELECT data::text FROM (
                SELECT id, updated_at AS s0 FROM records
                WHERE connection_id = @connection AND entity = 'work-orders' AND deleted_at IS NULL AND (status_key = 'open')
                ORDER BY s0 DESC NULLS FIRST, id DESC LIMIT 100 OFFSET {0}
            ) p JOIN records r ON r.id = p.id
            ORDER BY p.s0 DESC NULLS FIRST, p.id DESC
            """;
        foreach (
            var sql in new[]
            {
                string.Format(CultureInfo.InvariantCulture, Page, 0),
                string.Format(CultureInfo.InvariantCulture, Page, 4900),
                """
                    SELECT coalesce(sum(live), 0) FROM record_counts
                    WHERE connection_id = @connection AND entity = 'work-orders' AND has_status AND status_key IN ('open')
                    """,
                """
                    SELECT count(*) FROM records
                    WHERE connection_id = @connection AND entity = 'work-orders' AND deleted_at IS NULL
                      AND (data @> '{"siteKey":"SITE-07"}' AND status_key = 'on_hold')
                    """,
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

    /// <summary>
    /// As autovacuum does after a bulk insert: marks the pages all-visible (so counts read only the index). A vacuum
    /// that overlaps a node's transaction cannot mark them, so it is repeated until it could.
    /// </summary>
    private static async Task VacuumAsync(NpgsqlConnection db)
    {
        for (var round = 0; round < 10; round++)
        {
            await ExecuteAsync(db, "VACUUM ANALYZE records");
            await using var command = new NpgsqlCommand(
                "SELECT relallvisible >= relpages FROM pg_class WHERE relname = 'records'",
                db
            );
            if ((bool)(await command.ExecuteScalarAsync())!)
                return;
            await Task.Delay(1000);
        }
        Console.WriteLine("(the pages could not all be marked all-visible)");
    }

    private static async Task ExecuteAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }
}
