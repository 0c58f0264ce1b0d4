using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Makini.Flows.Connectors.Tests.Demo;

/// <summary><c>PATCH /api/v1/work-orders/{id}</c>: a person changes a work order, and the next read sees the change.</summary>
public sealed class DemoCmmsWorkOrderEditTests
{
    private static async Task<JsonObject> OpenOrder(DemoApi api) =>
        (await api.ReadAll("work-orders", perPage: 500)).First(o =>
            o["status"]!.GetValue<string>() == "open" && o["priority"]!.GetValue<string>() == "low"
        );

    private static async Task<(HttpStatusCode Status, JsonObject Body)> Patch(
        DemoApi api,
        string id,
        object change
    )
    {
        using var response = await api.Http.PatchAsJsonAsync(
            $"work-orders/{id}",
            change,
            DemoApi.Cancel
        );
        return (response.StatusCode, await DemoApi.Json(response));
    }

    [Fact]
    public async Task A_changed_work_order_is_listed_as_changed_since_the_moment_of_the_change()
    {
        using var api = new DemoApi();
        await api.LogIn();
        var order = await OpenOrder(api);
        var id = DemoApi.Id(order);
        api.Clock.Advance(TimeSpan.FromSeconds(30));
        var changedAt = api.Clock.GetUtcNow();
        var due = changedAt.AddDays(-2);

        var (status, changed) = await Patch(
            api,
            id,
            new
            {
                priority = "critical",
                dueDate = DemoApi.Iso(due),
                status = "in_progress",
            }
        );
        var (_, read) = await api.Get($"work-orders/{id}");
        var since = await api.ReadAll(
            "work-orders",
            $"&updated_since={Uri.EscapeDataString(DemoApi.Iso(changedAt))}"
        );

        status.ShouldBe(HttpStatusCode.OK, changed.ToJsonString());
        changed["priority"]!.GetValue<string>().ShouldBe("critical");
        changed["status"]!.GetValue<string>().ShouldBe("in_progress");
        changed["dueDate"]!.GetValue<string>().ShouldBe(DemoApi.Iso(due));
        changed["updatedAt"]!.GetValue<string>().ShouldBe(DemoApi.Iso(changedAt));
        changed["title"]!.GetValue<string>().ShouldBe(order["title"]!.GetValue<string>());
        read.ToJsonString().ShouldBe(changed.ToJsonString());
        since.Select(DemoApi.Id).ShouldContain(id);
    }

    [Fact]
    public async Task A_later_change_keeps_the_fields_of_an_earlier_one_it_does_not_name()
    {
        using var api = new DemoApi();
        await api.LogIn();
        var id = DemoApi.Id(await OpenOrder(api));

        await Patch(api, id, new { priority = "high" });
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        var (_, changed) = await Patch(api, id, new { status = "completed" });

        changed["priority"]!.GetValue<string>().ShouldBe("high");
        changed["status"]!.GetValue<string>().ShouldBe("completed");
        changed["completedAt"]!.GetValue<string>().ShouldBe(DemoApi.Iso(api.Clock.GetUtcNow()));
    }

    [Theory]
    [InlineData("""{"priority": "urgent"}""", "priority")]
    [InlineData("""{"status": "done"}""", "status")]
    [InlineData("""{"dueDate": "tomorrow"}""", "dueDate")]
    [InlineData("""{"title": "Renamed"}""", "title")]
    [InlineData("""{}""", "body")]
    [InlineData("""[1]""", "body")]
    [InlineData("""{"status": "\ud800"}""", "status")]
    [InlineData("""{"dueDate": "\udfff2026-05-01T08:30:00Z"}""", "dueDate")]
    public async Task A_change_it_cannot_make_is_refused_naming_the_field(string body, string field)
    {
        using var api = new DemoApi();
        await api.LogIn();
        var id = DemoApi.Id(await OpenOrder(api));

        using var response = await api.Http.PatchAsync(
            $"work-orders/{id}",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            DemoApi.Cancel
        );
        var answer = await DemoApi.Json(response);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        answer["error"]!.GetValue<string>().ShouldBe("invalid_parameter");
        answer["parameter"]!.GetValue<string>().ShouldBe(field);
    }

    [Fact]
    public async Task Changing_an_unknown_work_order_gets_404_and_a_list_cannot_be_changed()
    {
        using var api = new DemoApi();
        await api.LogIn();

        var (status, body) = await Patch(api, "WO-99999", new { priority = "high" });
        using var onList = await api.Http.PatchAsJsonAsync(
            "work-orders",
            new { priority = "high" },
            DemoApi.Cancel
        );

        status.ShouldBe(HttpStatusCode.NotFound);
        body["error"]!.GetValue<string>().ShouldBe("not_found");
        onList.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task A_change_needs_a_token()
    {
        using var api = new DemoApi();
        await api.LogIn();
        var id = DemoApi.Id(await OpenOrder(api));
        api.Http.DefaultRequestHeaders.Authorization = null;

        var (status, _) = await Patch(api, id, new { priority = "critical" });

        status.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
