using System.Globalization;
using Makini.Flows.Activities.Tests.Support;
using Makini.Flows.Server.Queue;
using Makini.Flows.Server.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Tests.Webhooks;

/// <summary>The delivery handler against a loopback receiver, on a fake clock.</summary>
public sealed class DeliveryTests
{
    private static readonly TimeSpan[] Schedule =
    [
        TimeSpan.FromSeconds(5),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(5),
        TimeSpan.FromHours(10),
        TimeSpan.FromHours(10),
    ];

    [Fact]
    public async Task A_failing_delivery_is_retried_on_the_schedule_with_the_same_webhook_id_then_given_up()
    {
        await using var rig = await DeliveryRig.CreateAsync();
        await using var sink = await LoopbackSink.StartAsync(
            (_, _) => new SinkAnswer(500, """{"error":"down"}"""),
            rig.Time
        );
        var (_, secret) = await rig.AddEndpointAsync(sink.Url("/hooks"));
        (await rig.PublishAsync()).ShouldBe(1);

        (await rig.RunDueAsync()).ShouldBe(1);
        foreach (var wait in Schedule)
        {
            rig.Time.Advance(wait - TimeSpan.FromSeconds(1));
            (await rig.RunDueAsync()).ShouldBe(
                0,
                $"nothing is due 1 s before the {wait} wait ends"
            );
            rig.Time.Advance(TimeSpan.FromSeconds(1));
            (await rig.RunDueAsync()).ShouldBe(1, $"the attempt after the {wait} wait");
        }
        rig.Time.Advance(TimeSpan.FromDays(2));
        (await rig.RunDueAsync()).ShouldBe(0);

        var delivery = await rig.SingleDeliveryAsync();
        delivery.Status.ShouldBe(DeliveryStatus.Failed);
        delivery.Attempts.ShouldBe(8);
        delivery.NextAttemptAt.ShouldBeNull();
        var attempts = await rig.AttemptsAsync(delivery.Id);
        attempts.Select(a => a.Number).ShouldBe(Enumerable.Range(1, 8));
        attempts.ShouldAllBe(a => a.StatusCode == 500 && !a.Succeeded);
        attempts[0].ResponseExcerpt.ShouldBe("""{"error":"down"}""");
        var gaps = attempts.Zip(attempts.Skip(1), (a, b) => b.StartedAt - a.StartedAt);
        gaps.ShouldBe(Schedule);
        sink.Requests.Count.ShouldBe(8);
        sink.Requests.ShouldAllBe(r => r.Header("webhook-id") == delivery.Id);
        sink.Requests.Select(r => r.Header("webhook-timestamp")).Distinct().Count().ShouldBe(8);
        sink.Requests.ShouldAllBe(r => SpecReceiver.Accepts(secret, r, r.ReceivedAt));
        sink.Requests.ShouldAllBe(r => SpecReceiver.AcceptsLegacy(secret, r));
    }

    [Fact]
    public async Task A_success_ends_the_delivery_and_the_endpoint_headers_are_sent()
    {
        await using var rig = await DeliveryRig.CreateAsync();
        await using var sink = await LoopbackSink.StartAsync(
            (_, n) => n == 1 ? new SinkAnswer(503) : new SinkAnswer(204),
            rig.Time
        );
        await rig.AddEndpointAsync(sink.Url(), headersJson: """{"X-Tenant":"acme"}""");
        await rig.PublishAsync();

        await rig.RunDueAsync();
        rig.Time.Advance(TimeSpan.FromSeconds(5));
        await rig.RunDueAsync();
        rig.Time.Advance(TimeSpan.FromDays(1));
        (await rig.RunDueAsync()).ShouldBe(0);

        var delivery = await rig.SingleDeliveryAsync();
        delivery.Status.ShouldBe(DeliveryStatus.Succeeded);
        delivery.Attempts.ShouldBe(2);
        delivery.LastStatusCode.ShouldBe(204);
        sink.Requests.ShouldAllBe(r => r.Header("x-tenant") == "acme");
        sink.Requests[0].Header("content-type").ShouldBe("application/json; charset=utf-8");
    }

    [Fact]
    public async Task A_batch_sends_each_delivery_once_and_records_every_outcome_with_its_queue_item()
    {
        await using var rig = await DeliveryRig.CreateAsync();
        await using var sink = await LoopbackSink.StartAsync(
            (request, _) =>
                request.PathAndQuery.EndsWith("/down") ? new SinkAnswer(503) : new SinkAnswer(204),
            rig.Time
        );
        await rig.AddEndpointAsync(sink.Url("/up"));
        await rig.AddEndpointAsync(sink.Url("/down"));
        for (var i = 0; i < 30; i++)
            (await rig.PublishAsync()).ShouldBe(2);

        (await rig.RunDueAsync()).ShouldBe(60, "one batch");

        sink.Requests.Count.ShouldBe(60);
        sink.Requests.Select(r => r.Header("webhook-id")).Distinct().Count().ShouldBe(60);
        var deliveries = await rig.QueryAsync(db =>
            db.WebhookDeliveries.AsNoTracking().ToListAsync()
        );
        deliveries.ShouldAllBe(d => d.Attempts == 1);
        deliveries.Count(d => d.Status == DeliveryStatus.Succeeded).ShouldBe(30);
        deliveries.Count(d => d.Status == DeliveryStatus.Pending).ShouldBe(30, "503: retried");
        var items = await rig.QueryAsync(db => db.WorkItems.AsNoTracking().ToListAsync());
        items.Count(w => w.Status == WorkStatus.Done).ShouldBe(60);
        items.Count(w => w.Status == WorkStatus.Queued).ShouldBe(30, "the second attempts");
        (await rig.QueryAsync(db => db.WebhookAttempts.CountAsync())).ShouldBe(60);
    }

    [Fact]
    public async Task Gone_disables_the_endpoint_and_its_other_deliveries_are_not_sent()
    {
        await using var rig = await DeliveryRig.CreateAsync();
        await using var sink = await LoopbackSink.StartAsync(
            (_, _) => new SinkAnswer(410),
            rig.Time
        );
        var (id, _) = await rig.AddEndpointAsync(sink.Url());
        await rig.PublishAsync();
        await rig.PublishAsync();
        // One batch after the other: deliveries of one batch are sent at once, before any answer is known.
        (await rig.RunDueAsync(batchSize: 1)).ShouldBe(1);
        (await rig.RunDueAsync(batchSize: 1)).ShouldBe(1);

        var endpoint = await rig.EndpointAsync(id);
        endpoint.Enabled.ShouldBeFalse();
        endpoint.DisabledReason!.ShouldContain("410 Gone");
        var deliveries = await rig.QueryAsync(db =>
            db.WebhookDeliveries.Select(d => d.Status).ToListAsync()
        );
        deliveries.Order().ShouldBe([DeliveryStatus.Cancelled, DeliveryStatus.Failed]);
        (await rig.PublishAsync()).ShouldBe(0, "a disabled endpoint gets no new deliveries");
        rig.Time.Advance(TimeSpan.FromDays(1));
        (await rig.RunDueAsync()).ShouldBe(0);
        sink.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Retry_after_in_seconds_is_honoured_instead_of_the_schedule()
    {
        await using var rig = await DeliveryRig.CreateAsync();
        await using var sink = await LoopbackSink.StartAsync(
            (_, n) =>
                n == 1
                    ? new SinkAnswer(
                        429,
                        Headers: new Dictionary<string, string> { ["Retry-After"] = "120" }
                    )
                    : new SinkAnswer(200, "{}"),
            rig.Time
        );
        await rig.AddEndpointAsync(sink.Url());
        await rig.PublishAsync();
        await rig.RunDueAsync();

        rig.Time.Advance(TimeSpan.FromSeconds(119));
        (await rig.RunDueAsync()).ShouldBe(
            0,
            "the 5 s of the schedule are overridden by Retry-After"
        );
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        (await rig.RunDueAsync()).ShouldBe(1);
        (await rig.SingleDeliveryAsync()).Status.ShouldBe(DeliveryStatus.Succeeded);
    }

    [Fact]
    public async Task Retry_after_as_a_date_is_honoured_and_capped()
    {
        await using var rig = await DeliveryRig.CreateAsync(
            new() { ["Webhooks:MaxRetryAfter"] = "02:00:00" }
        );
        await using var sink = await LoopbackSink.StartAsync(
            (_, n) =>
                n switch
                {
                    1 => new SinkAnswer(
                        503,
                        Headers: new Dictionary<string, string>
                        {
                            ["Retry-After"] = (
                                rig.Time.GetUtcNow() + TimeSpan.FromMinutes(40)
                            ).ToString("R", CultureInfo.InvariantCulture),
                        }
                    ),
                    2 => new SinkAnswer(
                        503,
                        Headers: new Dictionary<string, string> { ["Retry-After"] = "259200" }
                    ),
                    _ => new SinkAnswer(200),
                },
            rig.Time
        );
        await rig.AddEndpointAsync(sink.Url());
        await rig.PublishAsync();
        await rig.RunDueAsync();
        var first = (await rig.SingleDeliveryAsync()).NextAttemptAt!.Value;
        first.ShouldBe(
            rig.Time.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(40),
            TimeSpan.FromSeconds(1)
        );

        rig.Time.Advance(TimeSpan.FromMinutes(40));
        (await rig.RunDueAsync()).ShouldBe(1);
        var second = (await rig.SingleDeliveryAsync()).NextAttemptAt!.Value;
        second.ShouldBe(
            rig.Time.GetUtcNow().UtcDateTime + TimeSpan.FromHours(2),
            "3 days asked, capped at 2 h"
        );
    }

    [Fact]
    public async Task Redirects_are_failures_and_are_not_followed()
    {
        await using var rig = await DeliveryRig.CreateAsync();
        LoopbackSink? sinkRef = null;
        await using var sink = await LoopbackSink.StartAsync(
            (request, _) =>
                request.PathAndQuery == "/hooks"
                    ? new SinkAnswer(
                        302,
                        Headers: new Dictionary<string, string>
                        {
                            ["Location"] = sinkRef!.Url("/moved"),
                        }
                    )
                    : new SinkAnswer(200),
            rig.Time
        );
        sinkRef = sink;
        await rig.AddEndpointAsync(sink.Url("/hooks"));
        await rig.PublishAsync();
        await rig.RunDueAsync();

        var delivery = await rig.SingleDeliveryAsync();
        delivery.Status.ShouldBe(DeliveryStatus.Pending);
        delivery.LastStatusCode.ShouldBe(302);
        delivery.LastError!.ShouldContain("redirects are not followed");
        sink.Requests.Select(r => r.PathAndQuery).ShouldBe(["/hooks"]);
    }

    [Fact]
    public async Task Only_the_first_4_kb_of_the_answer_are_kept()
    {
        await using var rig = await DeliveryRig.CreateAsync();
        await using var sink = await LoopbackSink.StartAsync(
            (_, _) => new SinkAnswer(200, new string('x', 10_000), "text/plain"),
            rig.Time
        );
        await rig.AddEndpointAsync(sink.Url());
        await rig.PublishAsync();
        await rig.RunDueAsync();

        var delivery = await rig.SingleDeliveryAsync();
        (await rig.AttemptsAsync(delivery.Id)).Single().ResponseExcerpt!.Length.ShouldBe(4096);
    }

    [Fact]
    public async Task An_endpoint_failing_for_five_days_is_disabled_and_system_error_subscribers_are_told()
    {
        await using var rig = await DeliveryRig.CreateAsync(
            new() { ["Webhooks:RetrySchedule"] = "1h" }
        );
        await using var failing = await LoopbackSink.StartAsync(
            (_, _) => new SinkAnswer(500),
            rig.Time
        );
        await using var operators = await LoopbackSink.StartAsync(time: rig.Time);
        var (id, _) = await rig.AddEndpointAsync(failing.Url());
        await rig.AddEndpointAsync(operators.Url(), "system.error");

        await rig.PublishAsync();
        await rig.RunDueAsync();
        rig.Time.Advance(TimeSpan.FromDays(3));
        await rig.RunDueAsync(); // the retry fails too: failing for 3 days
        (await rig.EndpointAsync(id)).Enabled.ShouldBeTrue();
        rig.Time.Advance(TimeSpan.FromDays(2));
        await rig.PublishAsync();
        await rig.RunDueAsync(); // failing for 5 days: disabled
        await rig.RunDueAsync(); // the system.error delivery

        var endpoint = await rig.EndpointAsync(id);
        endpoint.Enabled.ShouldBeFalse();
        endpoint.DisabledReason!.ShouldContain("every attempt failed since");
        operators.Requests.Count.ShouldBe(1);
        var body = System.Text.Json.Nodes.JsonNode.Parse(operators.Requests[0].Body)!;
        body["type"]!.GetValue<string>().ShouldBe("system.error");
        body["data"]!["affected"]!["endpointId"]!.GetValue<string>().ShouldBe(id);
    }

    [Fact]
    public async Task A_crash_after_sending_but_before_recording_sends_again_with_the_same_webhook_id()
    {
        var crash = new CrashBeforeRecordingOnce();
        await using var rig = await DeliveryRig.CreateAsync(interceptor: crash);
        await using var sink = await LoopbackSink.StartAsync(time: rig.Time);
        await rig.AddEndpointAsync(sink.Url());
        await rig.PublishAsync();

        await rig.RunDueAsync(); // sends, then "dies" before recording: the item stays leased
        crash.Crashes.ShouldBe(1);
        (await rig.RunDueAsync()).ShouldBe(0, "the lease has not run out yet");
        rig.Time.Advance(TimeSpan.FromSeconds(31));
        (await rig.RunDueAsync()).ShouldBe(1, "another node takes the item over");

        var delivery = await rig.SingleDeliveryAsync();
        delivery.Status.ShouldBe(DeliveryStatus.Succeeded);
        (await rig.AttemptsAsync(delivery.Id)).Count.ShouldBe(1);
        sink.Requests.Count.ShouldBe(2);
        sink.Requests.ShouldAllBe(r => r.Header("webhook-id") == delivery.Id);
    }

    [Fact]
    public async Task An_item_whose_attempt_is_already_recorded_sends_nothing()
    {
        await using var rig = await DeliveryRig.CreateAsync();
        await using var sink = await LoopbackSink.StartAsync(time: rig.Time);
        await rig.AddEndpointAsync(sink.Url());
        await rig.PublishAsync();
        await rig.RunDueAsync();
        // As if the node died after recording but before marking the item done: the item comes back.
        await rig.QueryAsync(db =>
            db.WorkItems.ExecuteUpdateAsync(set =>
                set.SetProperty(w => w.Status, WorkStatus.Queued)
            )
        );

        (await rig.RunDueAsync()).ShouldBe(1);
        sink.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_retry_schedule_that_does_not_parse_names_the_setting()
    {
        var error = await Should.ThrowAsync<InvalidOperationException>(() =>
            DeliveryRig.CreateAsync(new() { ["Webhooks:RetrySchedule"] = "5s soon" })
        );
        error.Message.ShouldContain("Webhooks:RetrySchedule");
    }

    [Fact]
    public async Task Finished_deliveries_are_deleted_with_their_attempts_after_30_days()
    {
        await using var rig = await DeliveryRig.CreateAsync();
        await using var ok = await LoopbackSink.StartAsync(time: rig.Time);
        await using var down = await LoopbackSink.StartAsync(
            (_, _) => new SinkAnswer(500),
            rig.Time
        );
        await rig.AddEndpointAsync(ok.Url());
        await rig.AddEndpointAsync(down.Url());
        await rig.PublishAsync();
        await rig.RunDueAsync();
        var retention =
            Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<WebhookRetention>(
                rig.Services
            );

        rig.Time.Advance(TimeSpan.FromDays(29));
        (await retention.SweepAsync(TestContext.Current.CancellationToken)).ShouldBe(0);
        rig.Time.Advance(TimeSpan.FromDays(2));
        (await retention.SweepAsync(TestContext.Current.CancellationToken)).ShouldBe(1);

        var left = await rig.SingleDeliveryAsync();
        left.Status.ShouldBe(DeliveryStatus.Pending, "a delivery still being retried is kept");
        (await rig.QueryAsync(db => db.WebhookAttempts.CountAsync())).ShouldBe(1);
    }

    [Fact]
    public async Task An_endpoint_deleted_while_its_delivery_is_sent_leaves_the_rest_of_the_batch_recorded()
    {
        await using var rig = await DeliveryRig.CreateAsync();
        using var received = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        await using var slow = await LoopbackSink.StartAsync(
            (_, _) =>
            {
                received.Release();
                release.Wait(TimeSpan.FromSeconds(20));
                return new SinkAnswer(200);
            },
            rig.Time
        );
        await using var quick = await LoopbackSink.StartAsync(time: rig.Time);
        var (doomed, _) = await rig.AddEndpointAsync(slow.Url());
        await rig.AddEndpointAsync(quick.Url());
        (await rig.PublishAsync()).ShouldBe(2);

        var batch = rig.RunDueAsync();
        (
            await received.WaitAsync(
                TimeSpan.FromSeconds(20),
                TestContext.Current.CancellationToken
            )
        ).ShouldBeTrue();
        await rig.QueryAsync(async db =>
        {
            db.WebhookEndpoints.Remove(await db.WebhookEndpoints.SingleAsync(e => e.Id == doomed));
            return await db.SaveChangesAsync();
        });
        release.Set();

        (await batch).ShouldBe(2);
        var deliveries = await rig.QueryAsync(db =>
            db.WebhookDeliveries.AsNoTracking().ToListAsync()
        );
        deliveries.Single().Status.ShouldBe(DeliveryStatus.Succeeded);
        var items = await rig.QueryAsync(db => db.WorkItems.AsNoTracking().ToListAsync());
        items.ShouldAllBe(w => w.Status == WorkStatus.Done);
    }
}
