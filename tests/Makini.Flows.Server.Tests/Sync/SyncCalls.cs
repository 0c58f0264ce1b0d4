using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Server.Tests.Api;
using Makini.Flows.Server.Tests.Connections;
using static Makini.Flows.Server.Tests.Connections.ConnectionCalls;

namespace Makini.Flows.Server.Tests.Sync;

/// <summary>What the sync tests do through the API.</summary>
public static class SyncCalls
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A server whose new connections sync at once (the first sync of a connection runs when it is created).</summary>
    public static ServerHost SyncingServer(TestDatabases databases) =>
        databases.Server(settings: new Dictionary<string, string> { ["Sync:Scheduled"] = "true" });

    public static object DemoConnection(string name = "Riverbend") =>
        new
        {
            name,
            connector = "demo-cmms",
            credentials = new { username = "demo@makini.io", password = "makini-demo" },
        };

    public static async Task<JsonObject> SyncStateAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/connections/{id}/sync", Ct))!;

    public static async Task<JsonArray> HistoryAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JsonArray>($"/api/connections/{id}/syncs", Ct))!;

    /// <summary>Waits until the connection has <paramref name="finished"/> finished syncs; returns them, newest first.</summary>
    public static async Task<JsonArray> FinishedAsync(
        HttpClient client,
        string id,
        int finished = 1
    )
    {
        JsonArray history = [];
        (
            await EventuallyAsync(async () =>
            {
                history = await HistoryAsync(client, id);
                return history.Count(r => r!["status"]!.GetValue<string>() != "running") >= finished
                    && (await SyncStateAsync(client, id))["state"]!.GetValue<string>() != "running";
            })
        ).ShouldBeTrue(
            $"the connection did not finish {finished} sync(s): {history.ToJsonString()}"
        );
        return history;
    }

    public static async Task RequestAsync(HttpClient client, string id, bool full = false)
    {
        var response = await client.PostAsync(
            $"/api/connections/{id}/sync?full={(full ? "true" : "false")}",
            null,
            Ct
        );
        response.StatusCode.ShouldBe(
            HttpStatusCode.Accepted,
            await response.Content.ReadAsStringAsync(Ct)
        );
    }

    public static int Count(JsonNode run, string entity, string what) =>
        run["counts"]![entity]![what]!.GetValue<int>();
}
