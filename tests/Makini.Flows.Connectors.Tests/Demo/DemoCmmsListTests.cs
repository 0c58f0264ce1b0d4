using System.Net;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Demo;

namespace Makini.Flows.Connectors.Tests.Demo;

public sealed class DemoCmmsListTests
{
    [Theory]
    [InlineData("sites", 4, 4)]
    [InlineData("locations", 35, 50)]
    [InlineData("assets", 550, 650)]
    [InlineData("work-orders", 1850, 2050)]
    [InlineData("parts", 300, 300)]
    [InlineData("users", 50, 50)]
    [InlineData("vendors", 30, 30)]
    [InlineData("purchase-orders", 135, 160)]
    public async Task Every_page_to_the_end_lists_each_record_once_in_id_order(
        string collection,
        int least,
        int most
    )
    {
        using var api = new DemoApi();
        await api.LogIn();

        var records = await api.ReadAll(collection, perPage: 37);

        var ids = records.Select(DemoApi.Id).ToList();
        ids.Count.ShouldBeInRange(least, most);
        ids.ShouldBeUnique();
        ids.ShouldBe(ids.Order(StringComparer.Ordinal).ToList());
        records.ShouldAllBe(
            r => r["deletedAt"] == null,
            "deleted records are listed only with updated_since"
        );
    }

    [Fact]
    public async Task A_page_size_of_500_is_allowed_and_a_page_past_the_end_is_empty()
    {
        using var api = new DemoApi();
        await api.LogIn();

        var (status, body) = await api.Get("assets?per_page=500&page=2");
        var (_, past) = await api.Get("assets?per_page=500&page=9");

        status.ShouldBe(HttpStatusCode.OK);
        body["meta"]!["last_page"]!.GetValue<int>().ShouldBe(2);
        body["data"]!.AsArray().Count.ShouldBe(body["meta"]!["total"]!.GetValue<int>() - 500);
        past["data"]!.AsArray().ShouldBeEmpty();
        past["meta"]!["total"]!.GetValue<int>().ShouldBe(body["meta"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Without_parameters_a_list_answers_its_first_100()
    {
        using var api = new DemoApi();
        await api.LogIn();

        var (_, body) = await api.Get("work-orders");

        body["data"]!.AsArray().Count.ShouldBe(100);
        body["meta"]!["page"]!.GetValue<int>().ShouldBe(1);
        body["meta"]!["per_page"]!.GetValue<int>().ShouldBe(100);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("page=two", "page")]
    [InlineData("per_page=0", "per_page")]
    [InlineData("per_page=501", "per_page")]
    [InlineData("per_page=1.5", "per_page")]
    [InlineData("updated_since=yesterday", "updated_since")]
    [InlineData("updated_since=03/01/2026", "updated_since")]
    [InlineData("updated_since=", "updated_since")]
    public async Task A_bad_parameter_gets_400_naming_it(string query, string parameter)
    {
        using var api = new DemoApi();
        await api.LogIn();

        var (status, body) = await api.Get($"work-orders?{query}");

        status.ShouldBe(HttpStatusCode.BadRequest);
        body["error"]!.GetValue<string>().ShouldBe("invalid_parameter");
        body["parameter"]!.GetValue<string>().ShouldBe(parameter);
        body["message"]!.GetValue<string>().ShouldContain(parameter);
    }

    [Theory]
    [InlineData("2026-03-01T00:00:00Z")]
    [InlineData("2026-03-01T01:00:00%2B01:00")]
    [InlineData("2026-03-01T01:00:00+01:00")]
    [InlineData("2026-03-01T00:00:00.000Z")]
    [InlineData("2026-03-01")]
    public async Task Updated_since_takes_iso_8601_in_its_usual_forms(string since)
    {
        using var api = new DemoApi();
        await api.LogIn();

        var (status, body) = await api.Get($"work-orders?per_page=500&updated_since={since}");

        status.ShouldBe(HttpStatusCode.OK, body.ToJsonString());
        body["meta"]!["total"]!.GetValue<int>().ShouldBeGreaterThan(0);
        body["data"]!
            .AsArray()
            .ShouldAllBe(r =>
                DateTimeOffset.Parse(r!["updatedAt"]!.GetValue<string>())
                >= new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)
            );
    }

    [Fact]
    public async Task Records_are_linked_to_each_other()
    {
        using var api = new DemoApi();
        await api.LogIn();
        var sites = (await api.ReadAll("sites")).Select(DemoApi.Id).ToHashSet();
        var locations = (await api.ReadAll("locations")).ToDictionary(DemoApi.Id);
        var assets = (await api.ReadAll("assets", perPage: 500)).ToDictionary(DemoApi.Id);
        var users = (await api.ReadAll("users")).Select(DemoApi.Id).ToHashSet();
        var vendors = (await api.ReadAll("vendors")).Select(DemoApi.Id).ToHashSet();
        var parts = (await api.ReadAll("parts", perPage: 500)).ToDictionary(DemoApi.Id);

        locations.Values.ShouldAllBe(l => sites.Contains(Text(l, "siteId")));
        locations.Values.ShouldContain(l => l["parentId"] != null);
        locations
            .Values.Where(l => l["parentId"] != null)
            .ShouldAllBe(l => locations.ContainsKey(Text(l, "parentId")));
        assets.Values.ShouldAllBe(a =>
            locations.ContainsKey(Text(a, "locationId")) && sites.Contains(Text(a, "siteId"))
        );
        assets.Values.Count(a => a["parentId"] != null).ShouldBeGreaterThan(100);
        assets
            .Values.Where(a => a["parentId"] != null)
            .ShouldAllBe(a => assets.ContainsKey(Text(a, "parentId")));
        assets.Values.ShouldAllBe(a =>
            Text(a, "manufacturer").Length > 0
            && Text(a, "model").Length > 0
            && Text(a, "serialNumber").Length > 0
        );
        parts.Values.ShouldAllBe(p =>
            vendors.Contains(Text(p, "vendorId")) && Text(p, "storeroom").Length > 0
        );

        var workOrders = await api.ReadAll("work-orders", perPage: 500);
        workOrders.ShouldAllBe(w =>
            locations.ContainsKey(Text(w, "locationId")) && sites.Contains(Text(w, "siteId"))
        );
        workOrders
            .Where(w => w["assetId"] != null)
            .ShouldAllBe(w => assets.ContainsKey(Text(w, "assetId")));
        workOrders
            .Where(w => w["assignedToId"] != null)
            .ShouldAllBe(w => users.Contains(Text(w, "assignedToId")));
        foreach (var status in new[] { "open", "in_progress", "on_hold", "completed", "cancelled" })
            workOrders.ShouldContain(w => Text(w, "status") == status, status);
        foreach (var priority in new[] { "low", "medium", "high", "critical" })
            workOrders.ShouldContain(w => Text(w, "priority") == priority, priority);
        foreach (var type in new[] { "corrective", "preventive", "inspection" })
            workOrders.ShouldContain(w => Text(w, "type") == type, type);
        workOrders
            .Where(w => Text(w, "status") == "completed")
            .ShouldAllBe(w => w["completedAt"] != null);
        workOrders
            .Where(w => Text(w, "status") != "completed")
            .ShouldAllBe(w => w["completedAt"] == null);
        var oldest = workOrders.Min(w => DateTimeOffset.Parse(Text(w, "createdAt")));
        oldest.ShouldBeGreaterThan(DemoApi.Start.AddDays(-180));
        oldest.ShouldBeLessThan(DemoApi.Start.AddDays(-179));

        var purchaseOrders = await api.ReadAll("purchase-orders");
        purchaseOrders.ShouldAllBe(p =>
            vendors.Contains(Text(p, "vendorId")) && p["lineItems"]!.AsArray().Count > 0
        );
        purchaseOrders
            .SelectMany(p => p["lineItems"]!.AsArray())
            .ShouldAllBe(line => parts.ContainsKey(line!["partId"]!.GetValue<string>()));
    }

    private static string Text(JsonObject record, string field) =>
        record[field]!.GetValue<string>();
}
