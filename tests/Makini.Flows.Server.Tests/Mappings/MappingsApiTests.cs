using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Tests.Api;
using Makini.Flows.Server.Tests.Connections;
using Makini.Flows.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Makini.Flows.Server.Tests.Connections.ConnectionCalls;
using static Makini.Flows.Server.Tests.Sync.SyncCalls;

namespace Makini.Flows.Server.Tests.Mappings;

/// <summary>
/// Per-connection mappings against the Demo CMMS: a save takes effect on the very next records request (no resync),
/// custom fields are served, filtered and sorted, versions can be compared and reverted, and a failing script
/// never loses a record.
/// </summary>
public abstract class MappingsApiTests(TestDatabases databases) : IAsyncLifetime
{
    private const string WorkOrders = "work-orders";
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

    private static readonly JsonObject TitleAndCostCenter = new()
    {
        ["fields"] = new JsonObject { ["title"] = "/description" },
        ["customFields"] = new JsonObject
        {
            ["costCenter"] = new JsonObject
            {
                ["type"] = "string",
                ["js"] = "'CC-' + raw.siteId",
                ["description"] = "the site's cost centre",
            },
        },
    };

    [Fact]
    public async Task A_saved_mapping_shows_in_the_next_response_filters_on_custom_fields_and_reverts()
    {
        var id = await SyncedDemoAsync("Riverbend");
        var before = await ListAsync(id, "per_page=100");
        var original = Data(before);
        original.ShouldNotBeEmpty();
        original.ShouldAllBe(r => r!["customFields"] == null);

        var saved = await PutAsync(id, TitleAndCostCenter);
        saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync(Ct));
        var answer = (await saved.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        answer["version"]!.GetValue<long>().ShouldBe(1);
        answer["reprojected"]!.GetValue<long>().ShouldBe(Total(before));

        var after = Data(await ListAsync(id, "per_page=100"));
        after.Count.ShouldBe(original.Count);
        foreach (var record in after)
        {
            var title = record!["title"]?.GetValue<string>();
            title.ShouldBe(record["instructions"]?.GetValue<string>());
            record["customFields"]!["costCenter"]!
                .GetValue<string>()
                .ShouldBe("CC-" + record["siteKey"]!.GetValue<string>());
        }
        original
            .Zip(after)
            .Any(p => p.First!["title"]?.ToString() != p.Second!["title"]?.ToString())
            .ShouldBeTrue("the demo's titles differ from its descriptions");

        var site = after[0]!["siteKey"]!.GetValue<string>();
        var filteredPage = await ListAsync(
            id,
            $"filter[customFields.costCenter]=CC-{site}&per_page=100"
        );
        var filtered = Data(filteredPage);
        filtered.ShouldNotBeEmpty();
        filtered.ShouldAllBe(r => r!["siteKey"]!.GetValue<string>() == site);
        Total(filteredPage)
            .ShouldBe(Total(await ListAsync(id, $"filter[siteKey]={site}&per_page=1")));
        Total(filteredPage).ShouldBeLessThan(Total(before));
        var sorted = Data(await ListAsync(id, "sort[customFields.costCenter]=1&per_page=100"))
            .Select(r => r!["customFields"]!["costCenter"]!.GetValue<string>())
            .ToList();
        sorted.ShouldBe(sorted.OrderByDescending(s => s, StringComparer.Ordinal).ToList());
        (await ReadAsync(id, "/api/eam/work-orders/custom-fields"))["data"]!
            .AsArray()
            .Select(f => (f!["name"]!.GetValue<string>(), f["type"]!.GetValue<string>()))
            .ShouldBe([("costCenter", "string")]);

        var versions = (await _admin.GetFromJsonAsync<JsonArray>(Url(id, "/versions"), Ct))!;
        versions.Select(v => v!["version"]!.GetValue<long>()).ShouldBe([1L, 0L]);
        versions[0]!["current"]!.GetValue<bool>().ShouldBeTrue();
        versions[0]!["author"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        var diff = (await _admin.GetFromJsonAsync<JsonObject>(Url(id, "/diff?from=0&to=1"), Ct))!;
        diff["changes"]!
            .AsArray()
            .Select(c => $"{c!["op"]} {c["pointer"]}")
            .ShouldBe(["add /fields", "add /customFields"]);

        var reverted = await _admin.PostAsJsonAsync(Url(id, "/revert"), new { version = 0 }, Ct);
        reverted.StatusCode.ShouldBe(
            HttpStatusCode.OK,
            await reverted.Content.ReadAsStringAsync(Ct)
        );
        Data(await ListAsync(id, "per_page=100")).ToJsonString().ShouldBe(original.ToJsonString());
        var unknown = await SendAsync(
            id,
            HttpMethod.Get,
            "/api/eam/work-orders?filter[customFields.costCenter]=x"
        );
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknown.Content.ReadAsStringAsync(Ct)).ShouldContain("no custom field 'costCenter'");
    }

    [Fact]
    public async Task A_full_resync_after_a_save_finds_nothing_changed_and_keeps_the_mapping()
    {
        var id = await SyncedDemoAsync("Lakeside");
        (await PutAsync(id, TitleAndCostCenter)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var mapped = Data(await ListAsync(id, "per_page=100")).ToJsonString();

        await RequestAsync(_admin, id, full: true);
        var full = (await FinishedAsync(_admin, id, 2))[0]!;
        full["counts"]![WorkOrders]!["updated"]!.GetValue<int>().ShouldBe(0, full.ToJsonString());
        Data(await ListAsync(id, "per_page=100")).ToJsonString().ShouldBe(mapped);
    }

    [Fact]
    public async Task Two_connections_of_one_connector_answer_their_own_mappings_for_the_same_source_data()
    {
        var first = await SyncedDemoAsync("North");
        var second = await SyncedDemoAsync("South");
        (await PutAsync(first, TitleAndCostCenter)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (
            await PutAsync(
                second,
                new JsonObject
                {
                    ["fields"] = new JsonObject
                    {
                        ["title"] = new JsonObject { ["js"] = "raw.title.toUpperCase()" },
                    },
                }
            )
        ).StatusCode.ShouldBe(HttpStatusCode.OK);

        var north = Data(await ListAsync(first, "sort[key]=0&per_page=20"));
        var south = Data(await ListAsync(second, "sort[key]=0&per_page=20"));
        north.Count.ShouldBe(south.Count);
        foreach (var (n, s) in north.Zip(south))
        {
            n!["key"]!.ToString().ShouldBe(s!["key"]!.ToString());
            n["title"]!.ToString().ShouldBe(n["instructions"]!.ToString());
            s["title"]!.ToString().ShouldBe(s["title"]!.ToString().ToUpperInvariant());
            s["customFields"].ShouldBeNull();
        }
    }

    [Fact]
    public async Task A_throwing_script_keeps_every_record_lists_its_error_and_raises_one_system_error()
    {
        var id = await SyncedDemoAsync("Harbour");
        var total = Total(await ListAsync(id, "per_page=1"));
        var saved = await PutAsync(
            id,
            new JsonObject
            {
                ["customFields"] = new JsonObject
                {
                    ["risk"] = new JsonObject
                    {
                        ["type"] = "number",
                        ["js"] =
                            "if (raw.priority === 'low') throw new Error('no risk for low'); return 1",
                    },
                },
            }
        );
        saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync(Ct));

        var records = Data(await ListAsync(id, "per_page=100"));
        Total(await ListAsync(id, "per_page=1")).ShouldBe(total);
        var low = records.Where(r => r!["severity"]?.ToString() == "low").ToList();
        low.ShouldNotBeEmpty();
        foreach (var record in low)
        {
            record!["customFields"]!.AsObject().ContainsKey("risk").ShouldBeTrue();
            record["customFields"]!["risk"].ShouldBeNull();
            var error = record["mappingErrors"]!.AsArray().Single()!;
            error["field"]!.GetValue<string>().ShouldBe("customFields.risk");
            error["message"]!.GetValue<string>().ShouldContain("no risk for low");
        }
        records
            .Where(r => r!["severity"]?.ToString() != "low")
            .ShouldAllBe(r =>
                r!["customFields"]!["risk"]!.GetValue<int>() == 1 && r["mappingErrors"] == null
            );

        // A sync with the same mapping finds the same failures: still one event for this version.
        await RequestAsync(_admin, id, full: true);
        await FinishedAsync(_admin, id, 2);
        using var scope = _host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        var errors = await db
            .Events.Where(e => e.Type == "system.error" && e.ConnectionId == id)
            .ToListAsync(Ct);
        errors.Count.ShouldBe(1);
        var data = JsonNode.Parse(errors[0].DataJson)!;
        data["code"]!.GetValue<string>().ShouldBe("mapping_failed");
        data["samples"]!.AsArray().ShouldNotBeEmpty();
        data["samples"]![0]!["message"]!.GetValue<string>().ShouldContain("no risk for low");
    }

    [Fact]
    public async Task An_invalid_mapping_is_refused_with_every_problem_and_saves_nothing()
    {
        var id = await SyncedDemoAsync("Quarry");
        var response = await PutAsync(
            id,
            new JsonObject
            {
                ["fields"] = new JsonObject
                {
                    ["titel"] = "/title",
                    ["severity"] = new JsonObject { ["js"] = "raw.priority ===" },
                    ["dueAt"] = new JsonObject { ["path"] = "/dueDate", ["type"] = "calendar" },
                },
                ["customFields"] = new JsonObject
                {
                    ["cost center"] = new JsonObject { ["type"] = "string", ["path"] = "/x" },
                },
            }
        );
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))![
            "errors"
        ]!.AsArray();
        var pointers = errors.Select(e => e!["pointer"]!.GetValue<string>()).ToList();
        pointers.ShouldContain("/fields/dueAt/type");
        pointers.ShouldContain(
            p => p.StartsWith("/customFields", StringComparison.Ordinal),
            errors.ToJsonString()
        );

        // Once the schema holds, the meaning is checked: unknown fields and scripts, with line and column.
        var meaning = await PutAsync(
            id,
            new JsonObject
            {
                ["fields"] = new JsonObject
                {
                    ["titel"] = "/title",
                    ["severity"] = new JsonObject { ["js"] = "raw.priority ===" },
                },
            }
        );
        meaning.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problems = (await meaning.Content.ReadFromJsonAsync<JsonObject>(Ct))![
            "errors"
        ]!.AsArray();
        problems
            .Select(e => e!["pointer"]!.GetValue<string>())
            .ShouldBe(["/fields/titel", "/fields/severity/js"]);
        problems[1]!["line"]!.GetValue<int>().ShouldBe(1);
        problems[1]!["column"]!.GetValue<int>().ShouldBeGreaterThan(10);

        var malformed = await SendAsync(
            id,
            HttpMethod.Put,
            Url(id, ""),
            "{\"fields\": {\"title\": "
        );
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await malformed.Content.ReadAsStringAsync(Ct)).ShouldContain("line");

        var versions = (await _admin.GetFromJsonAsync<JsonArray>(Url(id, "/versions"), Ct))!;
        versions.Select(v => v!["version"]!.GetValue<long>()).ShouldBe([0L]);
    }

    [Fact]
    public async Task A_preview_shows_each_record_before_and_after_and_saves_nothing()
    {
        var id = await SyncedDemoAsync("Ridge");
        var before = Data(await ListAsync(id, "per_page=100")).ToJsonString();
        var response = await _admin.PostAsJsonAsync(
            Url(id, "/preview"),
            new JsonObject { ["mapping"] = TitleAndCostCenter.DeepClone(), ["limit"] = 5 },
            Ct
        );
        response.StatusCode.ShouldBe(
            HttpStatusCode.OK,
            await response.Content.ReadAsStringAsync(Ct)
        );
        var records = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))![
            "records"
        ]!.AsArray();
        records.Count.ShouldBe(5);
        foreach (var record in records)
        {
            var changes = record!["changes"]!.AsArray();
            changes
                .Select(c => c!["field"]!.GetValue<string>())
                .ShouldContain("customFields.costCenter");
            record["after"]!["title"]!
                .ToString()
                .ShouldBe(record["before"]!["instructions"]!.ToString());
        }

        var samples = await _admin.PostAsJsonAsync(
            Url(id, "/preview"),
            new JsonObject
            {
                ["mapping"] = TitleAndCostCenter.DeepClone(),
                ["samples"] = new JsonArray(
                    new JsonObject
                    {
                        ["id"] = "x1",
                        ["title"] = "Pump",
                        ["description"] = "Replace seal",
                        ["siteId"] = "S9",
                    }
                ),
            },
            Ct
        );
        var sample = (await samples.Content.ReadFromJsonAsync<JsonObject>(Ct))!["records"]![0]!;
        sample["after"]!["title"]!.GetValue<string>().ShouldBe("Replace seal");
        sample["after"]!["customFields"]!["costCenter"]!.GetValue<string>().ShouldBe("CC-S9");

        Data(await ListAsync(id, "per_page=100")).ToJsonString().ShouldBe(before);
        (await _admin.GetFromJsonAsync<JsonArray>(Url(id, "/versions"), Ct))!.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Mappings_exported_from_one_connection_import_into_another()
    {
        var from = await SyncedDemoAsync("Source");
        var to = await SyncedDemoAsync("Target");
        (await PutAsync(from, TitleAndCostCenter)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var file = await _admin.GetStringAsync($"/api/connections/{from}/mappings/export", Ct);

        var imported = await _admin.PostAsync(
            $"/api/connections/{to}/mappings/import",
            new StringContent(file, Encoding.UTF8, "application/json"),
            Ct
        );
        imported.StatusCode.ShouldBe(
            HttpStatusCode.OK,
            await imported.Content.ReadAsStringAsync(Ct)
        );
        Data(await ListAsync(to, "per_page=5"))
            .ShouldAllBe(r => r!["customFields"]!["costCenter"] != null);

        var broken = JsonNode.Parse(file)!;
        broken["entities"]![WorkOrders]!["fields"]!["nope"] = "/x";
        var refused = await _admin.PostAsync(
            $"/api/connections/{to}/mappings/import",
            new StringContent(broken.ToJsonString(), Encoding.UTF8, "application/json"),
            Ct
        );
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync(Ct)).ShouldContain(
            "/entities/work-orders/fields/nope"
        );
    }

    [Fact]
    public async Task A_path_no_stored_record_has_is_a_warning_and_the_same_document_again_saves_nothing()
    {
        var id = await SyncedDemoAsync("Warned");
        var document = new JsonObject
        {
            ["fields"] = new JsonObject { ["title"] = "/summary" },
            ["customFields"] = new JsonObject
            {
                ["area"] = new JsonObject { ["type"] = "string", ["path"] = "/locationId" },
            },
        };
        var first = await (await PutAsync(id, document)).Content.ReadFromJsonAsync<JsonObject>(Ct);
        first!["version"]!.GetValue<long>().ShouldBe(1);
        var warning = first["warnings"]!.AsArray().Single()!;
        warning["pointer"]!.GetValue<string>().ShouldBe("/fields/title");
        warning["message"]!.GetValue<string>().ShouldContain("/summary");
        Data(await ListAsync(id, "per_page=5")).ShouldAllBe(r => r!["title"] == null);

        var again = await (await PutAsync(id, document)).Content.ReadFromJsonAsync<JsonObject>(Ct);
        again!["version"]!.GetValue<long>().ShouldBe(1);
        again["changed"]!.GetValue<bool>().ShouldBeFalse();
        (await _admin.GetFromJsonAsync<JsonArray>(Url(id, "/versions"), Ct))!.Count.ShouldBe(2);

        var detail = (await _admin.GetFromJsonAsync<JsonObject>(Url(id, ""), Ct))!;
        detail["version"]!.GetValue<long>().ShouldBe(1);
        var title = detail["fields"]!
            .AsArray()
            .Single(f => f!["name"]!.GetValue<string>() == "title")!;
        title["origin"]!.GetValue<string>().ShouldBe("mapping");
        title["source"]!.GetValue<string>().ShouldBe("/summary");
        detail["sourceFields"]!
            .AsArray()
            .Select(f => f!["path"]!.GetValue<string>())
            .ShouldContain("/locationId");
        detail["customFields"]![0]!["sample"]!.GetValue<string>().ShouldStartWith("LOC-");
    }

    [Fact]
    public async Task Custom_fields_filter_and_sort_as_their_type()
    {
        var id = await SyncedDemoAsync("Typed");
        var saved = await PutAsync(
            id,
            new JsonObject
            {
                ["customFields"] = new JsonObject
                {
                    ["hours"] = new JsonObject
                    {
                        ["type"] = "number",
                        ["path"] = "/estimatedHours",
                        ["sourceType"] = "number",
                    },
                    ["urgent"] = new JsonObject
                    {
                        ["type"] = "boolean",
                        ["js"] = "raw.priority === 'critical' || raw.priority === 'high'",
                    },
                },
            }
        );
        saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync(Ct));

        var longer = Data(await ListAsync(id, "filter[customFields.hours:gt]=8&per_page=100"));
        longer.ShouldNotBeEmpty();
        longer.ShouldAllBe(r => r!["customFields"]!["hours"]!.GetValue<decimal>() > 8);
        var sorted = Data(await ListAsync(id, "sort[customFields.hours]=1&per_page=100"))
            .Select(r => r!["customFields"]!["hours"]?.GetValue<decimal>())
            .Where(h => h is not null)
            .ToList();
        sorted.ShouldBe(sorted.OrderByDescending(h => h).ToList());
        var urgent = Data(await ListAsync(id, "filter[customFields.urgent]=true&per_page=100"));
        urgent.ShouldNotBeEmpty();
        urgent.ShouldAllBe(r =>
            r!["severity"]!.GetValue<string>() == "critical"
            || r["severity"]!.GetValue<string>() == "high"
        );
    }

    [Fact]
    public async Task The_Map_activity_maps_source_and_stored_records_as_the_records_api_does()
    {
        var id = await SyncedDemoAsync("Flows");
        (await PutAsync(id, TitleAndCostCenter)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var flow = new JsonObject
        {
            ["$schema"] = "https://schemas.makini.io/flows/flow-v1.json",
            ["id"] = "map-work-orders",
            ["name"] = "Map work orders",
            ["inputs"] = new JsonArray(
                new JsonObject { ["name"] = "connectionId", ["type"] = "string" },
                new JsonObject { ["name"] = "source", ["type"] = "array" },
                new JsonObject { ["name"] = "stored", ["type"] = "array" }
            ),
            ["activities"] = new JsonArray(
                new JsonObject { ["id"] = "start", ["type"] = "Start" },
                Map("connection", new JsonObject { ["js"] = "input.source" }, null),
                Map(
                    "inline",
                    new JsonObject { ["js"] = "input.source" },
                    new JsonObject
                    {
                        ["fields"] = new JsonObject
                        {
                            ["title"] = new JsonObject { ["js"] = "raw.title + '!'" },
                        },
                    }
                ),
                Map("stored", new JsonObject { ["js"] = "input.stored" }, null, "unified"),
                new JsonObject
                {
                    ["id"] = "done",
                    ["type"] = "Finish",
                    ["inputs"] = new JsonObject
                    {
                        ["output"] = new JsonObject
                        {
                            ["js"] =
                                "({ connection: outputs.connection.mapped, inline: outputs.inline.mapped, stored: outputs.stored.mapped })",
                        },
                    },
                }
            ),
            ["connections"] = new JsonArray(
                Edge("start", "connection"),
                Edge("connection", "inline"),
                Edge("inline", "stored"),
                Edge("stored", "done")
            ),
        };
        var imported = await _admin.PostAsync(
            "/api/flows/import?publish=true",
            new StringContent(flow.ToJsonString(), Encoding.UTF8, "application/json"),
            Ct
        );
        imported.StatusCode.ShouldBe(
            HttpStatusCode.OK,
            await imported.Content.ReadAsStringAsync(Ct)
        );
        var stored = Data(await ListAsync(id, "per_page=3"));
        var source = new JsonArray(
            new JsonObject
            {
                ["id"] = "wo-1",
                ["title"] = "Pump seal",
                ["description"] = "Replace the seal",
                ["siteId"] = "S7",
            }
        );

        var started = await _admin.PostAsJsonAsync(
            "/api/flows/map-work-orders/runs",
            new JsonObject
            {
                ["connectionId"] = id,
                ["source"] = source,
                ["stored"] = stored.DeepClone(),
            },
            Ct
        );
        started.StatusCode.ShouldBe(
            HttpStatusCode.Created,
            await started.Content.ReadAsStringAsync(Ct)
        );
        var output = (await started.Content.ReadFromJsonAsync<JsonObject>(Ct))!["output"]!;
        output["connection"]![0]!["title"]!.GetValue<string>().ShouldBe("Replace the seal");
        output["connection"]![0]!["customFields"]!["costCenter"]!
            .GetValue<string>()
            .ShouldBe("CC-S7");
        output["inline"]![0]!["title"]!.GetValue<string>().ShouldBe("Pump seal!");
        output["inline"]![0]!["customFields"].ShouldBeNull();
        JsonNode
            .DeepEquals(output["stored"], stored)
            .ShouldBeTrue(output["stored"]!.ToJsonString());
    }

    private static JsonObject Map(
        string id,
        JsonObject records,
        JsonObject? mapping,
        string recordsAre = "source"
    )
    {
        var inputs = new JsonObject
        {
            ["connectionId"] = new JsonObject { ["js"] = "input.connectionId" },
            ["records"] = records,
            ["recordsAre"] = new JsonObject { ["literal"] = recordsAre },
        };
        if (mapping is not null)
            inputs["mapping"] = new JsonObject { ["literal"] = mapping };
        return new JsonObject
        {
            ["id"] = id,
            ["type"] = "Map",
            ["inputs"] = inputs,
        };
    }

    private static JsonObject Edge(string from, string to) =>
        new()
        {
            ["source"] = from,
            ["sourcePort"] = "Done",
            ["target"] = to,
        };

    private async Task<string> SyncedDemoAsync(string name)
    {
        var id = Id(await CreateAsync(_admin, DemoConnection(name)));
        await FinishedAsync(_admin, id);
        return id;
    }

    private static string Url(string id, string rest) =>
        $"/api/connections/{id}/mappings/{WorkOrders}{rest}";

    private Task<HttpResponseMessage> PutAsync(string id, JsonObject document) =>
        _admin.PutAsJsonAsync(Url(id, ""), document, Ct);

    private async Task<JsonObject> ListAsync(string id, string query) =>
        await ReadAsync(id, $"/api/eam/{WorkOrders}?{query}");

    private async Task<JsonObject> ReadAsync(string id, string path)
    {
        var response = await SendAsync(id, HttpMethod.Get, path);
        response.StatusCode.ShouldBe(
            HttpStatusCode.OK,
            await response.Content.ReadAsStringAsync(Ct)
        );
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
    }

    private async Task<HttpResponseMessage> SendAsync(
        string id,
        HttpMethod method,
        string path,
        string? body = null
    )
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Connection-Id", id);
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return await _admin.SendAsync(request, Ct);
    }

    private static JsonArray Data(JsonObject page) => page["data"]!.AsArray();

    private static long Total(JsonObject page) => page["meta"]!["total"]!.GetValue<long>();
}

public sealed class MappingsApiTestsOnSqlite() : MappingsApiTests(TestDatabases.Sqlite());

public sealed class MappingsApiTestsOnPostgres(PostgresServer postgres)
    : MappingsApiTests(TestDatabases.Postgres(postgres));
