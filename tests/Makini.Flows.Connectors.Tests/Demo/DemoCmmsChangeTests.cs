using System.Net;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Demo;

namespace Makini.Flows.Connectors.Tests.Demo;

public sealed class DemoCmmsChangeTests
{
    private const string Everything = "&updated_since=2000-01-01T00:00:00Z";

    [Fact]
    public async Task As_time_passes_work_orders_progress_new_ones_are_raised_and_parts_are_used()
    {
        using var api = new DemoApi();
        await api.LogIn();
        var before = (await api.ReadAll("work-orders", perPage: 500)).ToDictionary(DemoApi.Id);
        var partsBefore = (await api.ReadAll("parts", perPage: 500)).ToDictionary(DemoApi.Id);

        api.Clock.Advance(TimeSpan.FromDays(1));
        await api.LogIn();
        var after = (await api.ReadAll("work-orders", perPage: 500)).ToDictionary(DemoApi.Id);
        var partsAfter = (await api.ReadAll("parts", perPage: 500)).ToDictionary(DemoApi.Id);

        var raised = after.Keys.Except(before.Keys).ToList();
        raised.Count.ShouldBeInRange(5, 20);
        raised.ShouldAllBe(
            id => string.CompareOrdinal(id, before.Keys.Max()) > 0,
            "new work orders come last"
        );
        var progressed = before
            .Keys.Intersect(after.Keys)
            .Count(id => Status(before[id]) != Status(after[id]));
        progressed.ShouldBeGreaterThan(5);
        before
            .Keys.Intersect(after.Keys)
            .Where(id => Status(before[id]) == "open" && Status(after[id]) != "open")
            .ShouldContain(id =>
                Status(after[id]) == "in_progress" || Status(after[id]) == "completed"
            );
        partsAfter
            .Count(p =>
                p.Value["quantityOnHand"]!.GetValue<int>()
                != partsBefore[p.Key]["quantityOnHand"]!.GetValue<int>()
            )
            .ShouldBeGreaterThan(10);
    }

    [Fact]
    public async Task Updated_since_lists_exactly_what_changed_and_deleted_records_with_their_deletedAt()
    {
        using var api = new DemoApi();
        await api.LogIn();
        var collections = DemoDataSet.CollectionNames;
        var before = new Dictionary<string, Dictionary<string, string>>();
        foreach (var collection in collections)
            before[collection] = (
                await api.ReadAll(collection, Everything, perPage: 500)
            ).ToDictionary(DemoApi.Id, r => r.ToJsonString());
        var since = api.Clock.GetUtcNow();

        api.Clock.Advance(TimeSpan.FromHours(30));
        await api.LogIn();
        var sawDeleted = false;
        foreach (var collection in collections)
        {
            var now = (await api.ReadAll(collection, Everything, perPage: 500)).ToDictionary(
                DemoApi.Id,
                r => r.ToJsonString()
            );
            var changed = now.Where(r =>
                    !before[collection].TryGetValue(r.Key, out var old) || old != r.Value
                )
                .Select(r => r.Key)
                .ToHashSet();

            var incremental = await api.ReadAll(collection, $"&updated_since={DemoApi.Iso(since)}");

            incremental
                .Select(DemoApi.Id)
                .ToHashSet()
                .ShouldBe(changed, ignoreOrder: true, collection);
            incremental.ShouldAllBe(r =>
                DateTimeOffset.Parse(r["updatedAt"]!.GetValue<string>()) >= since
            );
            var deleted = incremental.Where(r => r["deletedAt"] != null).ToList();
            deleted.ShouldAllBe(r =>
                r["updatedAt"]!.GetValue<string>() == r["deletedAt"]!.GetValue<string>()
            );
            var listed = (await api.ReadAll(collection, perPage: 500))
                .Select(DemoApi.Id)
                .ToHashSet();
            deleted.ShouldAllBe(
                r => !listed.Contains(DemoApi.Id(r)),
                "a deleted record is left out of full lists"
            );
            sawDeleted |= deleted.Count > 0;
            if (collection is "work-orders" or "parts" or "assets")
                changed.ShouldNotBeEmpty(collection);
            if (collection is "sites" or "users" or "vendors" or "locations")
                changed.ShouldBeEmpty(collection);
        }
        sawDeleted.ShouldBeTrue("30 hours of work orders include one deleted");
    }

    [Fact]
    public async Task Changes_land_on_whole_minutes_so_a_second_later_nothing_is_new()
    {
        using var api = new DemoApi(start: DemoApi.Start.AddSeconds(5));
        await api.LogIn();
        api.Clock.Advance(TimeSpan.FromSeconds(30));

        var (status, body) = await api.Get(
            $"work-orders?updated_since={DemoApi.Iso(DemoApi.Start.AddSeconds(1))}"
        );

        status.ShouldBe(HttpStatusCode.OK);
        body["meta"]!["total"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task Two_instances_at_the_same_instant_answer_the_same_data()
    {
        using var first = new DemoApi();
        using var second = new DemoApi(start: DemoApi.Start.AddDays(-3));
        second.Clock.Advance(TimeSpan.FromDays(3));
        await first.LogIn();
        await second.LogIn();

        foreach (var collection in DemoDataSet.CollectionNames)
        {
            var a = await first.ReadAll(collection, Everything, perPage: 500);
            var b = await second.ReadAll(collection, Everything, perPage: 500);

            b.Select(r => r.ToJsonString()).ShouldBe(a.Select(r => r.ToJsonString()), collection);
        }
    }

    [Fact]
    public async Task Work_orders_older_than_180_days_are_archived_and_the_count_stays_bounded()
    {
        using var api = new DemoApi();
        await api.LogIn();
        var first = (await api.ReadAll("work-orders", Everything, perPage: 500))
            .Select(DemoApi.Id)
            .ToList();

        api.Clock.Advance(TimeSpan.FromDays(400));
        await api.LogIn();
        var later = (await api.ReadAll("work-orders", Everything, perPage: 500))
            .Select(DemoApi.Id)
            .ToList();

        later.Intersect(first).ShouldBeEmpty();
        later.Count.ShouldBeInRange(first.Count - 60, first.Count + 60);
    }

    private static string Status(JsonObject workOrder) => workOrder["status"]!.GetValue<string>();
}
