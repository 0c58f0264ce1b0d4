using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Tests.Fakes;
using Npgsql;

namespace Makini.Flows.Cluster.Tests;

/// <summary>What the sync cluster test does through a node's API, and reads from the shared database.</summary>
internal static class ClusterApi
{
    public static async Task<string> ConnectAsync(
        HttpClient client,
        MaintainXFake source,
        string name,
        CancellationToken ct
    )
    {
        var created = await client.PostAsJsonAsync(
            "/api/connections",
            new
            {
                name,
                connector = "maintainx",
                credentials = new
                {
                    instanceUrl = source.InstanceUrl,
                    apiKey = MaintainXFake.ApiKey,
                    organizationId = MaintainXFake.OrganizationId.ToString(),
                },
            },
            ct
        );
        created.StatusCode.ShouldBe(
            HttpStatusCode.Created,
            await created.Content.ReadAsStringAsync(ct)
        );
        return (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!.GetValue<string>();
    }

    /// <summary>Subscribes a URL to event types; returns the endpoint's signing secret.</summary>
    public static async Task<string> SubscribeAsync(
        HttpClient client,
        string url,
        string[] eventTypes,
        CancellationToken ct
    )
    {
        var response = await client.PostAsJsonAsync("/api/webhooks", new { url, eventTypes }, ct);
        response.StatusCode.ShouldBe(
            HttpStatusCode.Created,
            await response.Content.ReadAsStringAsync(ct)
        );
        return (await response.Content.ReadFromJsonAsync<JsonObject>(ct))![
            "secret"
        ]!.GetValue<string>();
    }

    public static async Task<JsonObject> SyncStateAsync(
        HttpClient client,
        string connectionId,
        CancellationToken ct
    ) => (await client.GetFromJsonAsync<JsonObject>($"/api/connections/{connectionId}/sync", ct))!;

    public static async Task<JsonArray> HistoryAsync(
        HttpClient client,
        string connectionId,
        CancellationToken ct
    ) => (await client.GetFromJsonAsync<JsonArray>($"/api/connections/{connectionId}/syncs", ct))!;

    /// <summary>Every key of a connection's unified records of an entity, page by page; and the total the API states.</summary>
    public static async Task<(List<string> Keys, int Total)> KeysAsync(
        HttpClient client,
        string connectionId,
        string entity,
        CancellationToken ct
    )
    {
        var keys = new List<string>();
        var total = -1;
        for (var page = 1; ; page++)
        {
            using var request = new HttpRequestMessage(
                HttpMethod.Get,
                $"/api/eam/{entity}?per_page=100&page={page}"
            );
            request.Headers.Add("X-Connection-Id", connectionId);
            using var response = await client.SendAsync(request, ct);
            response.StatusCode.ShouldBe(
                HttpStatusCode.OK,
                await response.Content.ReadAsStringAsync(ct)
            );
            var body = (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!;
            total = body["meta"]!["total"]!.GetValue<int>();
            var data = body["data"]!.AsArray();
            keys.AddRange(data.Select(r => r!["key"]!.GetValue<string>()));
            if (page >= body["meta"]!["last_page"]!.GetValue<int>())
                return (keys, total);
        }
    }

    /// <summary>The sync under way of a connection as stored (its checkpoint), or null.</summary>
    public static async Task<JsonObject?> CheckpointAsync(
        NpgsqlConnection db,
        string connectionId,
        CancellationToken ct
    )
    {
        await using var command = new NpgsqlCommand(
            """SELECT "CheckpointJson" FROM connection_syncs WHERE "ConnectionId" = @id""",
            db
        );
        command.Parameters.AddWithValue("id", connectionId);
        return await command.ExecuteScalarAsync(ct) is string json
            ? JsonNode.Parse(json)!.AsObject()
            : null;
    }

    /// <summary>The node (as <c>LeasedBy</c>) holding a connection's sync item, or null.</summary>
    public static async Task<string?> SyncHolderAsync(
        NpgsqlConnection db,
        string connectionId,
        CancellationToken ct
    )
    {
        await using var command = new NpgsqlCommand(
            """SELECT "LeasedBy" FROM work_items WHERE "DedupKey" = @key AND "Status" = 'Leased'""",
            db
        );
        command.Parameters.AddWithValue("key", "sync:" + connectionId);
        return await command.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>Events of a type stored per (connection, key), to see that none was raised twice.</summary>
    public static async Task<Dictionary<(string Connection, string Key), int>> EventsPerKeyAsync(
        NpgsqlConnection db,
        string type,
        CancellationToken ct
    )
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT "ConnectionId", "DataJson"::jsonb ->> 'key', count(*)::int
            FROM events WHERE "Type" = @type GROUP BY 1, 2
            """,
            db
        );
        command.Parameters.AddWithValue("type", type);
        var counts = new Dictionary<(string, string), int>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            counts[(reader.GetString(0), reader.GetString(1))] = reader.GetInt32(2);
        return counts;
    }

    /// <summary>Event dispatches and webhook attempts still to do.</summary>
    public static async Task<long> PendingDeliveriesAsync(NpgsqlConnection db, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """SELECT count(*) FROM work_items WHERE "Kind" IN ('event', 'webhook') AND "Status" IN ('Queued', 'Leased')""",
            db
        );
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
