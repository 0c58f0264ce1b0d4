using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Server.Tests.Api;
using Makini.Flows.Server.Tests.Connections;
using Makini.Flows.Tests.Fakes;
using Makini.Flows.Tests.Shared;
using static Makini.Flows.Server.Tests.Connections.ConnectionCalls;
using static Makini.Flows.Server.Tests.Sync.SyncCalls;

namespace Makini.Flows.Server.Tests.Sync;

/// <summary>
/// Line items are stored from their purchase orders: one record per item, gone when the item or its purchase order
/// is gone, counted in the sync's history like any entity.
/// </summary>
public abstract class DerivedRecordsSyncTests(TestDatabases databases) : IAsyncLifetime
{
    private const string LineItems = "purchase-orders.line-items";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private ServerHost _host = null!;
    private HttpClient _admin = null!;

    public ValueTask InitializeAsync()
    {
        _host = SyncingServer(databases);
        _admin = _host.ClientWithKey();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Line_items_follow_their_purchase_orders_through_changes_and_deletions()
    {
        await using var fake = new MaximoFake();
        await fake.StartAsync();
        var id = Id(
            await CreateAsync(
                _admin,
                new
                {
                    name = "Eagle",
                    connector = "maximo",
                    credentials = new
                    {
                        instanceUrl = fake.InstanceUrl,
                        apiKey = MaximoFake.ApiKey,
                    },
                }
            )
        );
        var orders = fake.Records("purchase-orders");
        var lines = orders.Sum(o => o["poline"]!.AsArray().Count);
        await FinishedAsync(_admin, id);
        // A full read, so that every purchase order is stored (the first sync reads the backfill window).
        await RequestAsync(_admin, id, full: true);
        await FinishedAsync(_admin, id, 2);
        (await ReadAsync(id, $"/api/eam/{LineItems}"))["meta"]!["total"]!
            .GetValue<int>()
            .ShouldBe(lines);

        var changed = orders[2]; // three lines: one goes
        var kept = changed["poline"]!.AsArray();
        var removedLine = kept[^1]!["polinenum"]!.GetValue<int>();
        kept.RemoveAt(kept.Count - 1);
        var removedOrder = orders[1]["poid"]!.GetValue<int>();
        var removedOrderLines = orders[1]["poline"]!.AsArray().Count;
        fake.Remove("purchase-orders", o => o["poid"]!.GetValue<int>() == removedOrder);
        await RequestAsync(_admin, id, full: true);
        var full = (await FinishedAsync(_admin, id, 3))[0]!;

        Count(full, LineItems, "deleted").ShouldBe(1 + removedOrderLines, full.ToJsonString());
        Count(full, LineItems, "inserted").ShouldBe(0);
        var poKey = changed["ponum"]!.ToString();
        (await LineItemAsync(id, $"{poKey}:{removedLine}")).ShouldBe(HttpStatusCode.NotFound);
        (await LineItemAsync(id, $"{poKey}:1")).ShouldBe(HttpStatusCode.OK);
        var listed = await ReadAsync(id, $"/api/eam/{LineItems}");
        listed["meta"]!["total"]!.GetValue<int>().ShouldBe(lines - 1 - removedOrderLines);
    }

    private async Task<HttpStatusCode> LineItemAsync(string connectionId, string key)
    {
        using var request = new HttpRequestMessage(
            HttpMethod.Get,
            $"/api/eam/{LineItems}/{Uri.EscapeDataString(key)}"
        );
        request.Headers.Add("X-Connection-Id", connectionId);
        return (await _admin.SendAsync(request, Ct)).StatusCode;
    }

    private async Task<JsonObject> ReadAsync(string connectionId, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Connection-Id", connectionId);
        var response = await _admin.SendAsync(request, Ct);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
    }
}

public sealed class DerivedRecordsSyncTestsOnSqlite()
    : DerivedRecordsSyncTests(TestDatabases.Sqlite());

public sealed class DerivedRecordsSyncTestsOnPostgres(PostgresServer postgres)
    : DerivedRecordsSyncTests(TestDatabases.Postgres(postgres));
