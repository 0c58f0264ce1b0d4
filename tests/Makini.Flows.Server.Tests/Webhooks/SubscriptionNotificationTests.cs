using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Server.Bus;
using Makini.Flows.Server.Hooks;
using Makini.Flows.Server.Tests.Api;
using Makini.Flows.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Makini.Flows.Server.Tests.Webhooks;

/// <summary>
/// On PostgreSQL, whether anyone listens for an event, as a node that did not make the change sees it: a server
/// makes the changes through its API, and a second <see cref="EventSubscriptions"/> with its own listener stands for
/// another node. Its clock never moves, so its snapshot never grows old enough to be read again: only the database's
/// notification can make it see a change.
/// </summary>
public sealed class SubscriptionNotificationTests(PostgresServer postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_listener_added_on_another_node_counts_as_soon_as_it_is_committed_and_without_notifications_every_question_reads()
    {
        var database = await postgres.CreateDatabaseAsync(cancellationToken: Ct);
        await using var host = new ServerHost(
            "Postgres",
            database,
            new Dictionary<string, string> { ["Logging:LogLevel:Default"] = "Warning" }
        );
        var client = host.ClientWithKey();
        var other = new EventSubscriptions(
            host.Services.GetRequiredService<IServiceScopeFactory>(),
            new FakeTimeProvider(DateTimeOffset.UtcNow)
        )
        {
            SharedDatabase = true,
        };
        (await other.AnyListensToAsync("flow.run.completed", Ct)).ShouldBeFalse();
        other.Trusted.ShouldBeFalse("not listening yet: every question is read");
        using var listener = new SubscriptionChangeListener(
            database,
            other,
            host.Services.GetRequiredService<HookRoutes>(),
            NullLogger<SubscriptionChangeListener>.Instance
        );
        await listener.StartAsync(Ct);
        await UntilAsync(() => other.Trusted, "the listener listens");
        (await other.AnyListensToAsync("flow.run.completed", Ct)).ShouldBeFalse();
        (await other.AnyListensToAsync("flow.run.failed", Ct)).ShouldBeFalse();

        // An endpoint subscribed on "the other node".
        var heard = listener.Notifications;
        var created = await client.PostAsJsonAsync(
            "/api/webhooks",
            new { url = "http://127.0.0.1:9/hooks", eventTypes = new[] { "flow.run.completed" } },
            Ct
        );
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var endpointId = (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["endpoint"]![
            "id"
        ]!.GetValue<string>();
        await UntilAsync(() => listener.Notifications > heard, "the endpoint's notification");
        (await other.AnyListensToAsync("flow.run.completed", Ct)).ShouldBeTrue();

        // A flow listening for failures, published there.
        heard = listener.Notifications;
        var published = await client.PostAsync(
            "/api/flows/import?publish=true",
            new StringContent(OnFailure, Encoding.UTF8, "application/json"),
            Ct
        );
        published.StatusCode.ShouldBe(
            HttpStatusCode.OK,
            await published.Content.ReadAsStringAsync(Ct)
        );
        await UntilAsync(() => listener.Notifications > heard, "the flow's notification");
        (await other.AnyListensToAsync("flow.run.failed", Ct)).ShouldBeTrue();

        // Without the listener nothing is heard, and every question is read: the endpoint's removal counts at once.
        await listener.StopAsync(Ct);
        other.Trusted.ShouldBeFalse();
        (await client.DeleteAsync($"/api/webhooks/{endpointId}", Ct)).StatusCode.ShouldBe(
            HttpStatusCode.NoContent
        );
        (await other.AnyListensToAsync("flow.run.completed", Ct)).ShouldBeFalse();
        (await other.AnyListensToAsync("flow.run.failed", Ct)).ShouldBeTrue();
    }

    private const string OnFailure = """
        {
          "$schema": "https://schemas.makini.io/flows/flow-v1.json",
          "id": "on-failure",
          "name": "on-failure",
          "activities": [
            { "id": "trigger", "type": "EventTrigger", "inputs": { "eventType": { "literal": "flow.run.failed" } } },
            { "id": "log", "type": "Log", "inputs": { "message": { "literal": "a run failed" } } }
          ],
          "connections": [{ "source": "trigger", "sourcePort": "Done", "target": "log" }]
        }
        """;

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"not within {Patience}: {what}");
            await Task.Delay(10, Ct);
        }
    }
}
