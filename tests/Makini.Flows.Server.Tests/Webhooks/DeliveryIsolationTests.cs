using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Server.Tests.Api;
using Makini.Flows.Server.Tests.Connections;
using Makini.Flows.Tests.Shared;

namespace Makini.Flows.Server.Tests.Webhooks;

/// <summary>
/// Deliveries isolated per receiver, with the real server and its delivery worker: receivers that take requests
/// and never answer neither delay another endpoint's deliveries nor get more attempts at once than the
/// per-endpoint limit, and one that never answers is cut at the timeout; once per database provider.
/// </summary>
public abstract class DeliveryIsolationTests(TestDatabases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private ServerHost Server(Dictionary<string, string> settings)
    {
        settings["Logging:LogLevel:Default"] = "Warning";
        return databases.Server(settings: settings);
    }

    [Fact]
    public async Task A_healthy_endpoint_receives_each_event_while_four_endpoints_never_answer()
    {
        const int limit = 3;
        const int events = 10; // the hanging endpoints are at their limit from the 4th event on
        await using var host = Server(
            new()
            {
                // Far longer than the test: the hanging receivers really never answer while it runs.
                ["Webhooks:Timeout"] = "00:05:00",
                ["Webhooks:MaxConcurrentPerEndpoint"] = limit.ToString(),
            }
        );
        var client = host.ClientWithKey();
        var hanging = new List<HeldReceiver>();
        for (var i = 0; i < 4; i++)
            hanging.Add(await HeldReceiver.StartAsync(hold: true));
        await using var healthy = await HeldReceiver.StartAsync(hold: false);
        try
        {
            var hangingIds = new List<string>();
            foreach (var receiver in hanging)
                hangingIds.Add(await SubscribeAsync(client, receiver.Url));
            var healthyId = await SubscribeAsync(client, healthy.Url);

            var waits = new List<TimeSpan>();
            for (var i = 1; i <= events; i++)
            {
                var published = Stopwatch.StartNew();
                (await PublishAsync(client, $"event {i}.")).ShouldBe(5);
                await healthy.ReceivedAsync($"event {i}.", Patience);
                waits.Add(published.Elapsed);
                // Received while every hanging receiver still holds its requests unanswered.
                hanging.ShouldAllBe(r => r.Answered == 0 && r.GivenUp == 0);
            }
            // Recorded as they were answered, not after the hanging attempts.
            await UntilDeliveredAsync(client, healthyId, events);
            hanging.ShouldAllBe(r => r.Answered == 0 && r.GivenUp == 0);
            // Each hanging endpoint was sent exactly as many attempts as the limit allows, all still held.
            foreach (var receiver in hanging)
                await HeldReceiver.UntilAsync(
                    () => receiver.Holding == limit,
                    Patience,
                    $"{receiver.Url} holds {limit} requests"
                );
            hanging.ShouldAllBe(r => r.Received.Count == limit && r.MostAtOnce == limit);
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"healthy endpoint: each event received {waits.Min().TotalMilliseconds:0}–{waits.Max().TotalMilliseconds:0} ms after it was published"
            );
            // A generous bound; the proof is above: received while the others hang.
            waits.ShouldAllBe(w => w < TimeSpan.FromSeconds(5));

            // Answered at last: the attempts left in the queue follow, never more than the limit at once.
            foreach (var receiver in hanging)
                receiver.Release();
            foreach (var id in hangingIds)
                await UntilDeliveredAsync(client, id, events);
            hanging.ShouldAllBe(r => r.MostAtOnce == limit && r.Received.Count == events);
            healthy.Received.Count.ShouldBe(events);
        }
        finally
        {
            foreach (var receiver in hanging)
                await receiver.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_receiver_that_never_answers_is_cut_at_the_timeout_recorded_as_failed_and_retried_on_the_schedule()
    {
        await using var host = Server(
            new() { ["Webhooks:Timeout"] = "00:00:01", ["Webhooks:RetrySchedule"] = "1s" }
        );
        var client = host.ClientWithKey();
        await using var silent = await HeldReceiver.StartAsync(hold: true);
        var id = await SubscribeAsync(client, silent.Url);

        (await PublishAsync(client, "unanswered")).ShouldBe(1);

        var delivery = await UntilAsync(
            client,
            id,
            d => d["status"]!.GetValue<string>() == "Failed",
            "the delivery fails after its two attempts"
        );
        var detail = (
            await client.GetFromJsonAsync<JsonObject>(
                $"/api/webhooks/deliveries/{delivery["id"]!.GetValue<string>()}",
                Ct
            )
        )!;
        var attempts = detail["attempts"]!.AsArray();
        attempts.Count.ShouldBe(2);
        foreach (var attempt in attempts)
        {
            attempt!["succeeded"]!.GetValue<bool>().ShouldBeFalse();
            attempt["statusCode"].ShouldBeNull();
            attempt["error"]!
                .GetValue<string>()
                .ShouldBe("no answer within 1 s (the attempt's timeout)");
            attempt["durationMs"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(900);
        }
        // The second attempt waited for the schedule's 1 s after the first ended.
        (
            attempts[1]!["startedAt"]!.GetValue<DateTime>()
            - attempts[0]!["startedAt"]!.GetValue<DateTime>()
        ).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.9));
        silent.Received.Select(r => r.WebhookId).Distinct().ShouldHaveSingleItem();
        silent.Received.Count.ShouldBe(2);
        // The sender gave both requests up: none is left held open.
        await HeldReceiver.UntilAsync(
            () => silent.Holding == 0 && silent.GivenUp == 2,
            Patience,
            "both requests abandoned by the sender"
        );
        silent.Answered.ShouldBe(0);
    }

    private static async Task<string> SubscribeAsync(HttpClient client, string url)
    {
        var response = await client.PostAsJsonAsync(
            "/api/webhooks",
            new { url, eventTypes = new[] { "sync.failed" } },
            Ct
        );
        response.StatusCode.ShouldBe(
            HttpStatusCode.Created,
            await response.Content.ReadAsStringAsync(Ct)
        );
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["endpoint"]![
            "id"
        ]!.GetValue<string>();
    }

    private static async Task<int> PublishAsync(HttpClient client, string message)
    {
        var response = await client.PostAsJsonAsync(
            "/api/webhooks/events",
            new { type = "sync.failed", data = new { code = "CONNECTION_FAILED", message } },
            Ct
        );
        response.StatusCode.ShouldBe(
            HttpStatusCode.Accepted,
            await response.Content.ReadAsStringAsync(Ct)
        );
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))![
            "deliveries"
        ]!.GetValue<int>();
    }

    /// <summary>Waits until the endpoint's <paramref name="count"/> deliveries are all recorded Succeeded.</summary>
    private static async Task UntilDeliveredAsync(HttpClient client, string endpointId, int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var deliveries = (
                await client.GetFromJsonAsync<JsonArray>(
                    $"/api/webhooks/{endpointId}/deliveries?status=Succeeded",
                    Ct
                )
            )!;
            if (deliveries.Count >= count)
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException(
                    $"{endpointId}: {deliveries.Count} of {count} deliveries succeeded"
                );
            await Task.Delay(20, Ct);
        }
    }

    /// <summary>Waits until the endpoint's only delivery meets <paramref name="condition"/>; returns it.</summary>
    private static async Task<JsonObject> UntilAsync(
        HttpClient client,
        string endpointId,
        Func<JsonObject, bool> condition,
        string what
    )
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var deliveries = (
                await client.GetFromJsonAsync<JsonArray>(
                    $"/api/webhooks/{endpointId}/deliveries",
                    Ct
                )
            )!;
            if (deliveries is [JsonObject delivery] && condition(delivery))
                return delivery;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"not within {Patience}: {what} ({deliveries})");
            await Task.Delay(50, Ct);
        }
    }
}

public sealed class DeliveryIsolationTestsOnSqlite()
    : DeliveryIsolationTests(TestDatabases.Sqlite());

public sealed class DeliveryIsolationTestsOnPostgres(PostgresServer postgres)
    : DeliveryIsolationTests(TestDatabases.Postgres(postgres));
