using Makini.Flows.Activities.Tests.Support;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Makini.Flows.Server.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Makini.Flows.Server.Tests.Webhooks;

/// <summary>
/// The delivery worker itself on the rig's services (SQLite, a clock that does not move, so no attempt times out):
/// attempts that one claim takes beyond an endpoint's limit wait for a turn on the node, and a 410 Gone cancels
/// those still waiting instead of sending them.
/// </summary>
public sealed class DeliveryWorkerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Attempts_claimed_beyond_the_endpoint_limit_wait_for_a_turn_and_are_never_sent_more_at_once()
    {
        await using var rig = await DeliveryRig.CreateAsync(
            new() { ["Webhooks:MaxConcurrentPerEndpoint"] = "3" }
        );
        await using var receiver = await HeldReceiver.StartAsync(hold: true);
        await rig.AddEndpointAsync(receiver.Url);
        for (var i = 0; i < 12; i++)
            (await rig.PublishAsync()).ShouldBe(1);
        var worker = rig.Services.GetRequiredService<WebhookDeliveryWorker>();

        await worker.StartAsync(Ct);
        try
        {
            // One claim took all twelve: three are sent, nine wait on the node.
            await HeldReceiver.UntilAsync(() => receiver.Holding == 3, Patience, "3 held");
            var leased = await rig.QueryAsync(db =>
                db.WorkItems.CountAsync(w => w.Status == WorkStatus.Leased)
            );
            leased.ShouldBe(12);
            receiver.Received.Count.ShouldBe(3);

            receiver.Release();
            await UntilAsync(
                rig,
                db => db.WebhookDeliveries.CountAsync(d => d.Status == DeliveryStatus.Succeeded),
                12
            );
        }
        finally
        {
            await worker.StopAsync(Ct);
        }
        receiver.MostAtOnce.ShouldBe(3);
        receiver.Received.Count.ShouldBe(12);
        (
            await rig.QueryAsync(db => db.WorkItems.CountAsync(w => w.Status == WorkStatus.Done))
        ).ShouldBe(12);
    }

    [Fact]
    public async Task A_410_Gone_cancels_the_endpoint_attempts_waiting_for_a_turn_without_sending_them()
    {
        await using var rig = await DeliveryRig.CreateAsync(
            new() { ["Webhooks:MaxConcurrentPerEndpoint"] = "1" }
        );
        await using var gone = await LoopbackSink.StartAsync(
            (_, _) => new SinkAnswer(410),
            rig.Time
        );
        var (id, _) = await rig.AddEndpointAsync(gone.Url());
        for (var i = 0; i < 5; i++)
            (await rig.PublishAsync()).ShouldBe(1);
        var worker = rig.Services.GetRequiredService<WebhookDeliveryWorker>();

        await worker.StartAsync(Ct);
        try
        {
            await UntilAsync(
                rig,
                db => db.WorkItems.CountAsync(w => w.Status == WorkStatus.Done),
                5
            );
        }
        finally
        {
            await worker.StopAsync(Ct);
        }

        gone.Requests.Count.ShouldBe(1);
        (await rig.EndpointAsync(id)).Enabled.ShouldBeFalse();
        var deliveries = await rig.QueryAsync(db =>
            db.WebhookDeliveries.AsNoTracking().ToListAsync()
        );
        deliveries.Count(d => d.Status == DeliveryStatus.Failed).ShouldBe(1);
        var cancelled = deliveries.Where(d => d.Status == DeliveryStatus.Cancelled).ToList();
        cancelled.Count.ShouldBe(4);
        cancelled.ShouldAllBe(d => d.Attempts == 0 && d.LastError!.Contains("410 Gone"));
    }

    private static async Task UntilAsync(
        DeliveryRig rig,
        Func<FlowsDbContext, Task<int>> count,
        int expected
    )
    {
        var deadline = DateTime.UtcNow + Patience;
        int now;
        while ((now = await rig.QueryAsync(count)) < expected)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{now} of {expected} within {Patience}");
            await Task.Delay(20, Ct);
        }
    }
}
