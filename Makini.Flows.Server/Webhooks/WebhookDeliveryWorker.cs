using System.Collections.Concurrent;
using System.Threading.Channels;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Microsoft.Extensions.Options;

namespace Makini.Flows.Server.Webhooks;

/// <summary>
/// This node's webhook deliveries (queue kind <see cref="WorkKinds.Webhook"/>), each receiver isolated from the
/// others: a slow, hanging or failing endpoint never delays another endpoint's deliveries.
/// <list type="bullet">
/// <item>One claim loop takes due attempts in batches (up to <see cref="QueueOptions.BatchSize"/>, with
/// <see cref="QueueOptions.BatchLinger"/> as the batch worker) and starts them, without waiting for them to be
/// answered: it goes on claiming while attempts are under way, up to <see cref="WebhookOptions.MaxConcurrentAttempts"/>
/// sending or being recorded on this node.</item>
/// <item>Per endpoint, at most <see cref="WebhookOptions.MaxConcurrentPerEndpoint"/> attempts are sent at once. An
/// endpoint at that limit is left out of the claims (its due attempts stay queued, for a later claim or another
/// node); attempts of it that one claim took beyond the limit wait on this node for a turn (their leases renewed),
/// and do not count towards <see cref="WebhookOptions.MaxConcurrentAttempts"/>, so endpoints that never answer
/// cannot use up the node's room. Each attempt ends within <see cref="WebhookOptions.Timeout"/>.</item>
/// <item>An attempt is recorded as soon as it has ended, by one recording loop that takes every attempt ended
/// so far into one transaction (<see cref="WebhookDeliveryHandler.RecordAsync"/>): an answer is never held back
/// by another receiver's. A transaction that fails is retried attempt by attempt, so that one attempt recorded
/// first by another node (the unique (delivery, number) index) fails only its own item, which the queue retries
/// and which then finds its attempt recorded.</item>
/// <item>Leases last <see cref="QueueOptions.Lease"/>, and at least twice <see cref="WebhookOptions.Timeout"/>, so
/// an attempt under way can be recorded before its lease could run out even if renewing fails; this node renews
/// every lease it holds each third of that. A node that dies leaves its items leased: once the leases run out
/// another node sends them again, with the same webhook-id.</item>
/// <item>When the endpoint answers 410 Gone, its attempts waiting on this node are not sent: their deliveries are
/// cancelled. When the node stops, attempts under way are cut and handed back with those waiting (the attempts
/// do not count); attempts already answered are recorded first.</item>
/// </list>
/// </summary>
public sealed class WebhookDeliveryWorker(
    WorkQueue queue,
    WebhookDeliveryHandler handler,
    WorkOutcomes outcomes,
    IServiceScopeFactory scopes,
    IOptions<QueueOptions> queueOptions,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDeliveryWorker> logger
) : BackgroundService
{
    private readonly Lock _gate = new();

    // Per endpoint with attempts on this node: how many are being sent, and those waiting for a turn.
    private readonly Dictionary<string, Lane> _lanes = [];

    // Every item this node holds until it is finished (recorded, done or handed back): their leases are renewed.
    private readonly ConcurrentDictionary<long, WorkItemRecord> _held = new();

    private readonly Channel<SentAttempt> _ended = Channel.CreateUnbounded<SentAttempt>(
        new UnboundedChannelOptions { SingleReader = true }
    );

    // Guarded by _gate: attempts being sent, ended but not yet recorded, and waiting in lanes.
    private int _sending;
    private int _recording;
    private int _waiting;

    // Completed when room appears: below the node's limit again, or an endpoint below its own.
    private TaskCompletionSource _room = NewSignal();
    private int _renewing;

    private sealed class Lane
    {
        public int Sending;
        public bool Gone;
        public readonly Queue<PendingAttempt> Waiting = new();
    }

    /// <summary>How long this node's claims on deliveries last (see the class).</summary>
    public TimeSpan Lease =>
        queueOptions.Value.Lease > options.Value.Timeout * 2
            ? queueOptions.Value.Lease
            : options.Value.Timeout * 2;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var recording = Task.Run(RecordLoopAsync, CancellationToken.None);
        var lease = Lease;
        using var renewing = time.CreateTimer(
            _ => _ = RenewAsync(lease),
            null,
            lease / 3,
            lease / 3
        );
        try
        {
            await ClaimLoopAsync(stoppingToken);
        }
        finally
        {
            // Stopping: the sends under way were cancelled with stoppingToken and hand their items back, and so do
            // the attempts waiting behind them; what was answered before is recorded.
            while (true)
            {
                Task room;
                lock (_gate)
                {
                    if (_lanes.Count == 0)
                        break;
                    room = _room.Task;
                }
                await room;
            }
            _ended.Writer.TryComplete();
            await recording;
        }
    }

    private async Task ClaimLoopAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var queueSettings = queueOptions.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var signal = queue.NextSignal;
                Task room;
                int wanted;
                List<string> busy;
                lock (_gate)
                {
                    room = _room.Task;
                    wanted = Math.Min(
                        queueSettings.BatchSize,
                        settings.MaxConcurrentAttempts - _sending - _recording
                    );
                    busy =
                    [
                        .. _lanes
                            .Where(l => l.Value.Sending >= settings.MaxConcurrentPerEndpoint)
                            .Select(l => l.Key),
                    ];
                }
                if (wanted <= 0)
                {
                    await room.WaitAsync(stoppingToken);
                    continue;
                }
                var claimed = await ClaimAsync(wanted, busy, stoppingToken);
                if (claimed.Count == 0)
                {
                    await queue.WaitForWorkAsync(Task.WhenAny(signal, room), stoppingToken);
                    continue;
                }
                await StartAsync(claimed, stoppingToken);
                if (queueSettings.BatchLinger > TimeSpan.Zero && claimed.Count < wanted)
                    await Task.Delay(queueSettings.BatchLinger, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Claiming webhook deliveries failed");
                await Task.Delay(queueSettings.PollInterval * 4, time, CancellationToken.None);
            }
        }
    }

    /// <summary>Due attempts, none of the <paramref name="busy"/> endpoints' (those at their limit on this node).</summary>
    private async Task<List<WorkItemRecord>> ClaimAsync(
        int count,
        List<string> busy,
        CancellationToken stoppingToken
    )
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        var claimed = await WorkClaims.ClaimAsync(
            db,
            queue.NodeId,
            count,
            time.GetUtcNow().UtcDateTime,
            Lease,
            [WorkKinds.Webhook],
            busy.Count == 0 ? null : OtherEndpointsThan(busy),
            stoppingToken
        );
        foreach (var item in claimed)
            _held[item.Id] = item;
        return claimed;
    }

    /// <summary>Items whose delivery goes to none of <paramref name="endpoints"/>.</summary>
    private static ClaimCondition OtherEndpointsThan(List<string> endpoints) =>
        new(
            first =>
            {
                var ids = string.Join(
                    ", ",
                    Enumerable.Range(first, endpoints.Count).Select(i => $"{{{i}}}")
                );
                return $"""
                    NOT EXISTS (SELECT 1 FROM webhook_deliveries AS d
                        WHERE d."Id" = work_items."Payload" AND d."EndpointId" IN ({ids}))
                    """;
            },
            endpoints
        );

    /// <summary>Prepares the claimed items and starts their attempts, each in its endpoint's lane.</summary>
    private async Task StartAsync(List<WorkItemRecord> claimed, CancellationToken stoppingToken)
    {
        var items = new List<WorkItemRecord>(claimed.Count);
        foreach (var item in claimed)
            if (WorkOutcomes.Abandoned(item) is { } reason)
                await FinishAsync(item, reason);
            else
                items.Add(item);
        IReadOnlyList<PendingAttempt> attempts;
        try
        {
            attempts = await handler.PrepareAsync(items, queue.NodeId, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            foreach (var item in items)
                await HandBackAsync(item);
            throw;
        }
        catch (Exception exception)
        {
            logger.LogWarning(
                exception,
                "Preparing {Count} webhook attempts ({First}...) failed",
                items.Count,
                items[0].Id
            );
            foreach (var item in items)
                await FinishAsync(item, exception.Message);
            return;
        }
        var started = attempts.Select(a => a.Item.Id).ToHashSet();
        foreach (var item in items.Where(i => !started.Contains(i.Id)))
            _held.TryRemove(item.Id, out _); // finished by PrepareAsync
        var limit = options.Value.MaxConcurrentPerEndpoint;
        var overflow = new List<PendingAttempt>();
        foreach (var attempt in attempts)
        {
            lock (_gate)
            {
                if (!_lanes.TryGetValue(attempt.EndpointId, out var lane))
                    _lanes[attempt.EndpointId] = lane = new Lane();
                if (lane.Sending >= limit)
                {
                    // Waits for a turn on this node, up to a bound; beyond it, back to the queue.
                    if (_waiting >= WaitingBound)
                    {
                        overflow.Add(attempt);
                        continue;
                    }
                    lane.Waiting.Enqueue(attempt);
                    _waiting++;
                    continue;
                }
                lane.Sending++;
                _sending++;
            }
            _ = SendInLaneAsync(attempt, stoppingToken);
        }
        foreach (var attempt in overflow)
            await HandBackAsync(attempt.Item);
    }

    /// <summary>Attempts that may wait for a turn on this node, all endpoints together.</summary>
    private int WaitingBound => options.Value.MaxConcurrentAttempts * 4;

    /// <summary>
    /// Sends <paramref name="attempt"/> in the lane slot it was given, then the attempts waiting in the same lane
    /// one after the other; gives the slot back when none is left.
    /// </summary>
    private async Task SendInLaneAsync(PendingAttempt attempt, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var next = attempt;
        while (next is not null)
        {
            attempt = next;
            next = null;
            SentAttempt? sent = null;
            try
            {
                sent = await handler.SendAsync(attempt, stoppingToken);
            }
            catch (Exception exception)
            {
                if (!stoppingToken.IsCancellationRequested)
                    logger.LogError(
                        exception,
                        "Sending attempt {Number} of webhook delivery {Delivery} failed",
                        attempt.Number,
                        attempt.DeliveryId
                    );
                await HandBackAsync(attempt.Item);
            }
            List<PendingAttempt> cancelled = [];
            lock (_gate)
            {
                var full = Full;
                var lane = _lanes[attempt.EndpointId];
                if (sent is not null)
                {
                    _recording++;
                    _ended.Writer.TryWrite(sent);
                    if (sent.Outcome.StatusCode == StatusCodes.Status410Gone)
                        lane.Gone = true;
                }
                if (lane.Gone)
                {
                    cancelled.AddRange(lane.Waiting);
                    _waiting -= lane.Waiting.Count;
                    lane.Waiting.Clear();
                }
                if (lane.Waiting.TryDequeue(out var waiting))
                {
                    _waiting--;
                    next = waiting;
                }
                else
                {
                    // The endpoint is below its limit again: its queued attempts may be claimed.
                    lane.Sending--;
                    _sending--;
                    if (lane.Sending == 0)
                        _lanes.Remove(attempt.EndpointId);
                    // Stopping waits for the lanes to empty.
                    if (
                        lane.Sending == options.Value.MaxConcurrentPerEndpoint - 1
                        || stoppingToken.IsCancellationRequested
                    )
                        SignalRoom();
                }
                if (full && !Full)
                    SignalRoom();
            }
            if (cancelled.Count > 0)
                await CancelAsync(cancelled);
        }
    }

    private async Task CancelAsync(List<PendingAttempt> attempts)
    {
        try
        {
            await handler.CancelAsync(
                attempts,
                "not sent: the endpoint answered 410 Gone to an earlier delivery",
                queue.NodeId
            );
            foreach (var attempt in attempts)
                _held.TryRemove(attempt.Item.Id, out _);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Cancelling webhook attempts failed");
            foreach (var attempt in attempts)
                await HandBackAsync(attempt.Item);
        }
    }

    /// <summary>Records the attempts that have ended, all those ended so far (up to a batch) at a time.</summary>
    private async Task RecordLoopAsync()
    {
        var reader = _ended.Reader;
        var batchSize = Math.Max(1, queueOptions.Value.BatchSize);
        var group = new List<SentAttempt>(batchSize);
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            group.Clear();
            while (group.Count < batchSize && reader.TryRead(out var sent))
                group.Add(sent);
            await RecordAsync(group);
            foreach (var sent in group)
                _held.TryRemove(sent.Attempt.Item.Id, out _);
            lock (_gate)
            {
                var full = Full;
                _recording -= group.Count;
                if (full && !Full)
                    SignalRoom();
            }
        }
    }

    private async Task RecordAsync(IReadOnlyList<SentAttempt> group)
    {
        try
        {
            await handler.RecordAsync(group, queue.NodeId);
        }
        catch (Exception exception) when (group.Count > 1)
        {
            logger.LogDebug(
                exception,
                "Recording {Count} webhook attempts together failed; recording each on its own",
                group.Count
            );
            foreach (var sent in group)
                await RecordAsync([sent]);
        }
        catch (Exception exception)
        {
            var attempt = group[0].Attempt;
            logger.LogWarning(
                exception,
                "Recording attempt {Number} of webhook delivery {Delivery} failed; its queue item is retried",
                attempt.Number,
                attempt.DeliveryId
            );
            try
            {
                await outcomes.FinishAsync(attempt.Item, exception.Message);
            }
            catch (Exception failing)
            {
                // Its lease runs out and the queue takes it back.
                logger.LogError(failing, "Failing work item {Id} failed", attempt.Item.Id);
            }
        }
    }

    /// <summary>
    /// Extends the leases this node holds; attempts waiting for a turn whose lease went to another node (this
    /// node stalled) are dropped: the other node sends them.
    /// </summary>
    private async Task RenewAsync(TimeSpan lease)
    {
        if (Interlocked.Exchange(ref _renewing, 1) == 1)
            return;
        try
        {
            var ids = _held.Keys.ToList();
            if (ids.Count == 0)
                return;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
            var renewed = await WorkClaims.RenewAllAsync(
                db,
                ids,
                queue.NodeId,
                time.GetUtcNow().UtcDateTime + lease,
                CancellationToken.None
            );
            if (renewed == ids.Count)
                return;
            var still = (
                await WorkClaims.HeldAmongAsync(db, ids, queue.NodeId, CancellationToken.None)
            ).ToHashSet();
            var lost = new List<PendingAttempt>();
            lock (_gate)
                foreach (var lane in _lanes.Values)
                {
                    var kept = lane.Waiting.Where(a => still.Contains(a.Item.Id)).ToList();
                    if (kept.Count == lane.Waiting.Count)
                        continue;
                    lost.AddRange(lane.Waiting.Where(a => !still.Contains(a.Item.Id)));
                    lane.Waiting.Clear();
                    foreach (var attempt in kept)
                        lane.Waiting.Enqueue(attempt);
                }
            lock (_gate)
                _waiting -= lost.Count;
            foreach (var attempt in lost)
                _held.TryRemove(attempt.Item.Id, out _);
            if (lost.Count > 0)
                logger.LogWarning(
                    "Lost the lease of {Count} waiting webhook attempt(s) ({First}...); they are left to their new holder",
                    lost.Count,
                    lost[0].Item.Id
                );
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Renewing the leases of webhook attempts failed");
        }
        finally
        {
            Volatile.Write(ref _renewing, 0);
        }
    }

    /// <summary>Hands the item back, due now: the attempt does not count.</summary>
    private async Task HandBackAsync(WorkItemRecord item)
    {
        try
        {
            await outcomes.ReleaseAsync(item);
        }
        catch (Exception exception)
        {
            // Its lease runs out and the queue takes it back.
            logger.LogWarning(exception, "Handing back work item {Id} failed", item.Id);
        }
        _held.TryRemove(item.Id, out _);
    }

    private async Task FinishAsync(WorkItemRecord item, string error)
    {
        try
        {
            await outcomes.FinishAsync(item, error);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Failing work item {Id} failed", item.Id);
        }
        _held.TryRemove(item.Id, out _);
    }

    /// <summary>Whether this node has no room for more attempts; read under <see cref="_gate"/>.</summary>
    private bool Full => _sending + _recording >= options.Value.MaxConcurrentAttempts;

    /// <summary>Wakes the claim loop; called under <see cref="_gate"/>.</summary>
    private void SignalRoom()
    {
        var room = _room;
        _room = NewSignal();
        room.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() =>
        new(TaskCreationOptions.RunContinuationsAsynchronously);
}
