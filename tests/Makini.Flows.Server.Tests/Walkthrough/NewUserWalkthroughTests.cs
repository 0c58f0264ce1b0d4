using System.Text.Json.Nodes;
using Makini.Flows.Activities.Tests.Support;
using Makini.Flows.Tests.Shared;
using static Makini.Flows.Server.Tests.Walkthrough.WalkthroughCalls;

namespace Makini.Flows.Server.Tests.Walkthrough;

/// <summary>
/// What README promises a new user, in one go, against the real server process started as <c>dotnet run</c> starts
/// it (SQLite in its data folder, the samples imported and published, the Demo CMMS connected as <c>con_demo</c>
/// and synced): read the demo's work orders with a connection token; subscribe a receiver to
/// <c>work-order.updated</c>; change work orders in the Demo CMMS; sync; the receiver gets the change, signed, and
/// the sample flow <c>critical-overdue-work-order-webhook</c> sends its alert for the critical overdue order only.
/// </summary>
public sealed class NewUserWalkthroughTests : IAsyncLifetime
{
    private const string FlowId = "critical-overdue-work-order-webhook";
    private const string AlertSecret = "whsec_bWFpbnRlbmFuY2UtYWxlcnRzLXdhbGt0aHJvdWdo";

    private readonly string _folder = Path.Combine(
        Path.GetTempPath(),
        $"makini-walkthrough-{Guid.NewGuid():N}"
    );
    private ServerProcess _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(
            ServerProcess.FreePort(),
            new()
            {
                ["Database__DataFolder"] = _folder,
                ["Samples__Folder"] = Path.Combine(TestServer.RepositoryRoot(), "flows-samples"),
                // What an operator sets for receivers on their own network, and the sample's secret.
                ["Outbound__AllowedRanges__0"] = "127.0.0.1/32",
                ["Hooks__Secrets__maintenanceAlerts"] = AlertSecret,
            },
            TestContext.Current.CancellationToken
        );
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException) { }
    }

    [Fact]
    public async Task Demo_work_orders_read_with_a_token_a_change_synced_reaches_the_receiver_and_only_the_critical_overdue_one_alerts()
    {
        var admin = _server.Client;
        var first = await FirstSyncAsync(admin);
        var token = await TokenAsync(admin, "walkthrough");
        using var reader = new HttpClient { BaseAddress = admin.BaseAddress };
        reader.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var listed = await GetJsonAsync(reader, "/api/eam/work-orders?filter[statusKey]=open");

        await using var receiver = await LoopbackSink.StartAsync();
        var secret = await SubscribeAsync(admin, receiver.Url("/events"), "work-order.updated");
        await PointFlowAtAsync(admin, FlowId, receiver.Url("/alerts"));
        var open = listed["data"]!.AsArray().Select(o => o!.AsObject()).ToList();
        var (overdue, notCritical, notOverdue) = (
            Key(open.First(o => Severity(o) != "critical")),
            Key(open.Where(o => Severity(o) != "critical").Skip(1).First()),
            Key(open.Where(o => Severity(o) != "critical").Skip(2).First())
        );
        using var demo = await DemoCmmsAsync(admin);
        var lastWeek = DateTimeOffset.UtcNow.AddDays(-7);
        // The status is set too, so the clock moving the order on meanwhile cannot close it.
        await ChangeWorkOrderAsync(demo, overdue, Change("critical", lastWeek));
        await ChangeWorkOrderAsync(demo, notCritical, Change("high", lastWeek));
        await ChangeWorkOrderAsync(
            demo,
            notOverdue,
            Change("critical", DateTimeOffset.UtcNow.AddDays(7))
        );

        await RequestSyncAsync(admin);
        var second = await SyncedAsync(admin, after: first);
        string[] changed = [overdue, notCritical, notOverdue];
        var events = await ReceivedAsync(receiver, "/events", changed);
        var runs = await RunsAsync(admin, FlowId, forKeys: [overdue, notOverdue]);
        // Orders the demo's clock changed meanwhile may alert too: only these three keys are looked at.
        var alerts = receiver
            .Requests.Where(r => r.PathAndQuery == "/alerts")
            .GroupBy(r => JsonNode.Parse(r.Body)!["data"]!["key"]!.GetValue<string>())
            .ToDictionary(g => g.Key, g => g.ToList());

        listed["meta"]!["total"]!.GetValue<int>().ShouldBeGreaterThan(0);
        second["mode"]!.GetValue<string>().ShouldBe("incremental");
        second["trigger"]!.GetValue<string>().ShouldBe("manual");
        foreach (var key in changed)
        {
            var delivery = events.Single(e => KeyOf(e) == key);
            SpecReceiver.Accepts(secret, delivery, delivery.ReceivedAt).ShouldBeTrue(key);
            var body = JsonNode.Parse(delivery.Body)!;
            body["type"]!.GetValue<string>().ShouldBe("work-order.updated");
            body["connectionId"]!.GetValue<string>().ShouldBe("con_demo");
        }
        RecordOf(events.Single(e => KeyOf(e) == overdue))["severity"]!
            .GetValue<string>()
            .ShouldBe("critical");
        runs[overdue]["status"]!.GetValue<string>().ShouldBe("Completed");
        runs[overdue]["output"]!["alerted"]!.GetValue<string>().ShouldBe(overdue);
        runs[notOverdue]["output"]!["alerted"].ShouldBeNull();
        (await RunKeysAsync(admin, FlowId)).ShouldNotContain(notCritical);
        var alert = alerts[overdue].ShouldHaveSingleItem();
        SpecReceiver.Accepts(AlertSecret, alert, alert.ReceivedAt).ShouldBeTrue();
        alerts.ShouldNotContainKey(notCritical);
        alerts.ShouldNotContainKey(notOverdue);
    }

    private static string Key(JsonObject order) => order["key"]!.GetValue<string>();

    private static string? Severity(JsonObject order) => order["severity"]?.GetValue<string>();

    private static object Change(string priority, DateTimeOffset due) =>
        new
        {
            priority,
            status = "in_progress",
            dueDate = Iso(due),
        };

    private static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
}
