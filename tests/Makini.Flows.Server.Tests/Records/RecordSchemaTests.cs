using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Unified;
using Makini.Flows.Server.Tests.Connections;
using Makini.Flows.Server.Tests.Sync;
using Makini.Flows.Tests.Shared;

namespace Makini.Flows.Server.Tests.Records;

/// <summary>
/// Every answer of every entity validates against Makini's published schemas: the Demo CMMS synced by the sync
/// engine and read with its connection token, and a record of each entity with every field set.
/// </summary>
public abstract class RecordSchemaTests(TestDatabases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_synced_Demo_CMMS_reads_back_as_Makinis_schemas_say()
    {
        await using var host = SyncCalls.SyncingServer(databases);
        var admin = host.ClientWithKey();
        var id = ConnectionCalls.Id(
            await ConnectionCalls.CreateAsync(admin, SyncCalls.DemoConnection())
        );
        (await SyncCalls.FinishedAsync(admin, id))[0]!["status"]!
            .GetValue<string>()
            .ShouldBe("completed");
        var created = await admin.PostAsJsonAsync(
            $"/api/connections/{id}/tokens",
            new { name = "schemas" },
            Ct
        );
        var reader = host.ClientWithKey(
            (await ConnectionCalls.BodyAsync(created))["token"]!.GetValue<string>()
        );

        var served = new List<string>();
        foreach (var entity in UnifiedModel.Entities)
            if (await ValidatesAsync(reader, entity))
                served.Add(entity.Name);

        served.ShouldBe(
            [
                "sites",
                "locations",
                "assets",
                "work-orders",
                "materials",
                "purchase-orders",
                "purchase-orders.line-items",
                "users",
                "vendors",
            ],
            ignoreOrder: true
        );
        await LineItemsAreThoseOfTheirPurchaseOrdersAsync(reader);
    }

    /// <summary>Each line item record is an item of the purchase order its poKey names, keyed {poKey}:{item key}.</summary>
    private static async Task LineItemsAreThoseOfTheirPurchaseOrdersAsync(HttpClient reader)
    {
        var lines = (
            await reader.GetFromJsonAsync<JsonObject>(
                "/api/eam/purchase-orders.line-items?per_page=100&sort[key]=0",
                Ct
            )
        )!["data"]!.AsArray();
        lines.Count.ShouldBeGreaterThan(0);
        foreach (var line in lines.Take(10))
        {
            var poKey = line!["poKey"]!.GetValue<string>();
            var order = (
                await reader.GetFromJsonAsync<JsonObject>(
                    $"/api/eam/purchase-orders/{Uri.EscapeDataString(poKey)}",
                    Ct
                )
            )!["data"]!;
            order["lineItems"]!
                .AsArray()
                .Select(i => $"{poKey}:{i!["key"]}")
                .ShouldContain(line["key"]!.GetValue<string>());
        }
        var filtered = await reader.GetFromJsonAsync<JsonObject>(
            $"/api/eam/purchase-orders.line-items?filter[poKey]={Uri.EscapeDataString(lines[0]!["poKey"]!.GetValue<string>())}",
            Ct
        );
        filtered!["data"]!
            .AsArray()
            .ShouldAllBe(l =>
                l!["poKey"]!.GetValue<string>() == lines[0]!["poKey"]!.GetValue<string>()
            );
    }

    [Fact]
    public async Task A_record_of_every_entity_with_every_field_set_reads_back_as_Makinis_schemas_say()
    {
        await using var rig = RecordRig.Start(databases);
        var connection = await rig.AddConnectionAsync("Every field");
        foreach (var entity in UnifiedModel.Entities)
            await rig.UpsertAsync(connection, entity.Name, [TestRecords.Of(Full(entity))]);
        var reader = rig.Client(await rig.TokenAsync(connection));

        foreach (var entity in UnifiedModel.Entities)
        {
            (await ValidatesAsync(reader, entity)).ShouldBeTrue(entity.Name);
            var record = (
                await reader.GetFromJsonAsync<JsonObject>($"/api/eam/{entity.Name}/K-1", Ct)
            )!["data"]!.AsObject();
            record.Select(f => f.Key).ShouldBe(entity.Fields.Keys, entity.Name);
        }
    }

    /// <summary>
    /// Validates the entity's list (and the first record read by its key, and its statuses) against the spec;
    /// returns whether the list had records.
    /// </summary>
    private static async Task<bool> ValidatesAsync(HttpClient reader, UnifiedEntity entity)
    {
        var route = $"/api/eam/{entity.Name}";
        var list = await reader.GetStringAsync($"{route}?per_page=100", Ct);
        var page = JsonNode.Parse(list)!;
        if (page["data"]!.AsArray().Count == 0)
        {
            // Laravel's paginator, which Makini's envelope is, has no first and last item on an empty page.
            page["meta"]!["from"].ShouldBeNull();
            page["meta"]!["total"]!.GetValue<int>().ShouldBe(0);
            return false;
        }
        MakiniSpec
            .Problems(await MakiniSpec.AnswerSchemaAsync(route), list)
            .ShouldBeEmpty($"{route}: {list}");
        var key = page["data"]![0]!["key"]!.GetValue<string>();
        var one = await reader.GetStringAsync($"{route}/{Uri.EscapeDataString(key)}", Ct);
        MakiniSpec
            .Problems(await MakiniSpec.AnswerSchemaAsync($"{route}/{{key}}"), one)
            .ShouldBeEmpty(one);
        var statuses = $"/api/eam/statuses/{entity.Name}";
        if (MakiniSpec.Paths.Contains(statuses))
        {
            var answer = await reader.GetStringAsync(statuses, Ct);
            MakiniSpec
                .Problems(await MakiniSpec.AnswerSchemaAsync(statuses), answer)
                .ShouldBeEmpty(answer);
        }
        return true;
    }

    /// <summary>A record with a value of its type in every field.</summary>
    private static JsonObject Full(UnifiedEntity entity)
    {
        var record = new JsonObject();
        foreach (var field in entity.Fields.Values)
            record[field.Name] =
                field.Name == "key"
                    ? "K-1"
                    : field.Type switch
                    {
                        UnifiedTypes.DateTime => "2024-05-01T09:30:00.000Z",
                        UnifiedTypes.Number => 12.5,
                        UnifiedTypes.Integer => 12,
                        UnifiedTypes.Boolean => true,
                        UnifiedTypes.Array => new JsonArray(),
                        UnifiedTypes.Object => new JsonObject(),
                        _ => $"{field.Name} text",
                    };
        return record;
    }
}

public sealed class RecordSchemaTestsOnSqlite() : RecordSchemaTests(TestDatabases.Sqlite());

public sealed class RecordSchemaTestsOnPostgres(PostgresServer postgres)
    : RecordSchemaTests(TestDatabases.Postgres(postgres));
