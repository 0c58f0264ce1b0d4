using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Activities.Triggers;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makini.Flows.Server.Webhooks;

/// <summary>A claimed attempt of a delivery, ready to send: what the request is made of.</summary>
public sealed record PendingAttempt(
    WorkItemRecord Item,
    string DeliveryId,
    string EndpointId,
    int Number,
    Uri Url,
    byte[] Body,
    IReadOnlyList<string> Secrets,
    IReadOnlyDictionary<string, string> Headers
);

/// <summary>An attempt that was sent, and how it went.</summary>
public sealed record SentAttempt(
    PendingAttempt Attempt,
    DateTime StartedAt,
    AttemptOutcome Outcome
);

/// <summary>
/// What an attempt of a delivery is (queue kind <see cref="WorkKinds.Webhook"/>), in the steps that
/// <see cref="WebhookDeliveryWorker"/> schedules. <see cref="PrepareAsync"/> reads a claimed batch's deliveries and
/// endpoints in two queries and turns each item into the request to send; the items with nothing to send (see
/// below) are marked done at once, in one transaction. <see cref="SendAsync"/> sends one attempt.
/// <see cref="RecordAsync"/> records attempts that have ended (answered, failed or timed out): each attempt, its
/// delivery's new state, the next attempt's queue item at the time the retry schedule (or the receiver's
/// Retry-After) says, and its own queue item marked done, in a transaction of their own, so that no attempt waits
/// for another endpoint's receiver to be recorded.
/// <para>
/// Attempts are recorded after sending: a node that dies in between leaves its items leased; when the leases run
/// out another node sends again with the same webhook-id, which receivers deduplicate on. An item whose attempt is
/// already recorded does nothing, and an attempt is recorded once however many nodes sent it (the unique
/// (delivery, number) index refuses a second record). An item of a disabled endpoint cancels its delivery. An
/// endpoint deleted while its deliveries were sent took them with it: nothing is recorded of them, and recording
/// the other attempts does not fail for it. A 410 Gone disables the endpoint at once; failing for
/// <see cref="WebhookOptions.DisableAfter"/> disables it too, which is reported to the endpoints subscribed to
/// <c>system.error</c>.
/// </para>
/// </summary>
public sealed class WebhookDeliveryHandler(
    IServiceScopeFactory scopes,
    WebhookSender sender,
    SigningSecrets secrets,
    Secrets.SecretProtector protector,
    WebhookOutbox outbox,
    WorkQueue queue,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDeliveryHandler> logger
)
{
    /// <summary>
    /// The attempts to send for the claimed <paramref name="items"/>. The others (endpoint deleted, attempt
    /// already recorded, endpoint disabled: delivery cancelled) are finished here, in one transaction.
    /// </summary>
    public async Task<IReadOnlyList<PendingAttempt>> PrepareAsync(
        IReadOnlyList<WorkItemRecord> items,
        string nodeId,
        CancellationToken cancellationToken
    )
    {
        if (items.Count == 0)
            return [];
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        var deliveryIds = items.Select(i => i.Payload).Distinct().ToList();
        var deliveries = await db
            .WebhookDeliveries.Where(d => deliveryIds.Contains(d.Id))
            .ToDictionaryAsync(d => d.Id, cancellationToken);
        var endpointIds = deliveries.Values.Select(d => d.EndpointId).Distinct().ToList();
        var endpoints = await db
            .WebhookEndpoints.AsNoTracking()
            .Where(e => endpointIds.Contains(e.Id))
            .ToDictionaryAsync(e => e.Id, cancellationToken);

        var now = time.GetUtcNow().UtcDateTime;
        var attempts = new List<PendingAttempt>(items.Count);
        var finished = new List<long>();
        var sending = new HashSet<string>();
        foreach (var item in items)
        {
            if (
                !deliveries.TryGetValue(item.Payload, out var delivery)
                || !endpoints.TryGetValue(delivery.EndpointId, out var endpoint)
            )
            {
                finished.Add(item.Id); // its endpoint was deleted
                continue;
            }
            var number = WebhookOutbox.AttemptOf(item.DedupKey) ?? delivery.Attempts + 1;
            if (delivery.Attempts >= number || !sending.Add(delivery.Id))
            {
                finished.Add(item.Id); // recorded by a holder of this item that stopped before marking it done
                continue;
            }
            if (!endpoint.Enabled)
            {
                Cancel(delivery, "not sent: the endpoint is disabled", now);
                finished.Add(item.Id);
                continue;
            }
            attempts.Add(
                new PendingAttempt(
                    item,
                    delivery.Id,
                    endpoint.Id,
                    number,
                    new Uri(endpoint.Url),
                    Encoding.UTF8.GetBytes(delivery.Body),
                    secrets.For(endpoint, now),
                    EndpointHeaders.Of(endpoint, protector)
                )
            );
        }
        if (finished.Count > 0)
            await SaveAndCompleteAsync(db, finished, nodeId);
        return attempts;
    }

    /// <summary>
    /// Sends one attempt. Whatever the receiver does (refuses, breaks the connection, never answers) is an
    /// outcome; only <paramref name="cancellationToken"/> (the node stopping) ends it with an exception.
    /// </summary>
    public async Task<SentAttempt> SendAsync(
        PendingAttempt attempt,
        CancellationToken cancellationToken
    )
    {
        var startedAt = time.GetUtcNow().UtcDateTime;
        var started = time.GetTimestamp();
        try
        {
            var outcome = await sender.SendAsync(
                attempt.Url,
                attempt.DeliveryId,
                attempt.Body,
                attempt.Secrets,
                attempt.Headers,
                cancellationToken
            );
            return new SentAttempt(attempt, startedAt, outcome);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return new SentAttempt(
                attempt,
                startedAt,
                new AttemptOutcome(
                    null,
                    exception.Message,
                    null,
                    null,
                    time.GetElapsedTime(started)
                )
            );
        }
    }

    /// <summary>
    /// Records <paramref name="sent"/> and marks their queue items done, in one transaction (see the class). Throws
    /// when that fails for another reason than a deleted endpoint, nothing recorded then: one of the attempts may
    /// have been recorded by another node first, and the caller records the others on their own.
    /// </summary>
    public async Task RecordAsync(IReadOnlyList<SentAttempt> sent, string nodeId)
    {
        if (sent.Count == 0)
            return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        var deliveryIds = sent.Select(s => s.Attempt.DeliveryId).Distinct().ToList();
        var deliveries = await db
            .WebhookDeliveries.Where(d => deliveryIds.Contains(d.Id))
            .ToDictionaryAsync(d => d.Id, CancellationToken.None);
        var endpointIds = deliveries.Values.Select(d => d.EndpointId).Distinct().ToList();
        var endpoints = await db
            .WebhookEndpoints.Where(e => endpointIds.Contains(e.Id))
            .ToDictionaryAsync(e => e.Id, CancellationToken.None);

        var recorded = new List<(WebhookDeliveryRecord Delivery, WebhookEndpointRecord Endpoint)>();
        var disabledForFailing = new HashSet<WebhookEndpointRecord>();
        foreach (var attempt in sent)
        {
            if (
                !deliveries.TryGetValue(attempt.Attempt.DeliveryId, out var delivery)
                || !endpoints.TryGetValue(delivery.EndpointId, out var endpoint)
            )
                continue; // its endpoint was deleted while it was sent
            if (delivery.Attempts >= attempt.Attempt.Number)
                continue; // another holder of the item recorded it first
            if (Record(db, delivery, endpoint, attempt))
                disabledForFailing.Add(endpoint);
            recorded.Add((delivery, endpoint));
        }
        var items = sent.Select(s => s.Attempt.Item.Id).ToList();
        // Saved even when a lease was lost meanwhile: the attempts happened. If a new holder recorded one first,
        // the unique (delivery, number) index refuses the transaction (see the summary).
        var gone = new HashSet<string>();
        try
        {
            await SaveAndCompleteAsync(db, items, nodeId);
        }
        catch (DbUpdateException)
        {
            // An endpoint deleted since its deliveries were read took them with it: drop what would be recorded of
            // them and save the rest. Any other failure is the caller's.
            gone = await ForgetDeletedEndpointsAsync(db, recorded);
            if (gone.Count == 0)
                throw;
            await SaveAndCompleteAsync(db, items, nodeId);
        }
        if (
            recorded.Any(r =>
                r.Delivery.Status == DeliveryStatus.Pending && !gone.Contains(r.Endpoint.Id)
            )
        )
            queue.Signal();
        foreach (var endpoint in disabledForFailing.Where(e => !gone.Contains(e.Id)))
            await ReportDisabledAsync(db, endpoint, time.GetUtcNow().UtcDateTime);
    }

    /// <summary>
    /// Cancels the deliveries of attempts that will not be sent (their endpoint answered 410 Gone to another one)
    /// and marks their items done, in one transaction.
    /// </summary>
    public async Task CancelAsync(
        IReadOnlyList<PendingAttempt> attempts,
        string reason,
        string nodeId
    )
    {
        if (attempts.Count == 0)
            return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        var ids = attempts.Select(a => a.DeliveryId).Distinct().ToList();
        var now = time.GetUtcNow().UtcDateTime;
        foreach (
            var delivery in await db
                .WebhookDeliveries.Where(d => ids.Contains(d.Id))
                .ToListAsync(CancellationToken.None)
        )
            if (delivery.Status == DeliveryStatus.Pending)
                Cancel(delivery, reason, now);
        await SaveAndCompleteAsync(db, [.. attempts.Select(a => a.Item.Id)], nodeId);
    }

    private async Task SaveAndCompleteAsync(
        FlowsDbContext db,
        IReadOnlyCollection<long> items,
        string nodeId
    )
    {
        await using var transaction = await db.Database.BeginTransactionAsync(
            CancellationToken.None
        );
        await db.SaveChangesAsync(CancellationToken.None);
        await WorkClaims.CompleteAllAsync(
            db,
            items,
            nodeId,
            time.GetUtcNow().UtcDateTime,
            CancellationToken.None
        );
        await transaction.CommitAsync(CancellationToken.None);
    }

    /// <summary>
    /// Endpoints deleted while their deliveries were being sent (their deliveries and attempts went with them): what
    /// would be recorded of them is dropped, so the rest is recorded. Returns their ids.
    /// </summary>
    private async Task<HashSet<string>> ForgetDeletedEndpointsAsync(
        FlowsDbContext db,
        List<(WebhookDeliveryRecord Delivery, WebhookEndpointRecord Endpoint)> recorded
    )
    {
        var ids = recorded.Select(r => r.Endpoint.Id).Distinct().ToList();
        if (ids.Count == 0)
            return [];
        var live = await db
            .WebhookEndpoints.AsNoTracking()
            .Where(e => ids.Contains(e.Id))
            .Select(e => e.Id)
            .ToListAsync(CancellationToken.None);
        var gone = ids.Except(live).ToHashSet();
        if (gone.Count == 0)
            return gone;
        var deliveries = recorded
            .Where(r => gone.Contains(r.Endpoint.Id))
            .Select(r => r.Delivery.Id)
            .ToHashSet();
        foreach (var entry in db.ChangeTracker.Entries().ToList())
            if (
                entry.Entity switch
                {
                    WebhookEndpointRecord endpoint => gone.Contains(endpoint.Id),
                    WebhookDeliveryRecord delivery => deliveries.Contains(delivery.Id),
                    WebhookAttemptRecord attempt => deliveries.Contains(attempt.DeliveryId),
                    _ => false,
                }
            )
                entry.State = EntityState.Detached;
        logger.LogInformation(
            "Webhook endpoint(s) {Endpoints} were deleted while their deliveries were sent; nothing is recorded for them",
            string.Join(", ", gone)
        );
        return gone;
    }

    private static void Cancel(WebhookDeliveryRecord delivery, string reason, DateTime now)
    {
        delivery.Status = DeliveryStatus.Cancelled;
        delivery.NextAttemptAt = null;
        delivery.LastError = reason;
        delivery.UpdatedAt = now;
    }

    /// <summary>Applies the outcome; true when it made the endpoint disabled for failing too long.</summary>
    private bool Record(
        FlowsDbContext db,
        WebhookDeliveryRecord delivery,
        WebhookEndpointRecord endpoint,
        SentAttempt sent
    )
    {
        var (number, startedAt, outcome) = (sent.Attempt.Number, sent.StartedAt, sent.Outcome);
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        db.WebhookAttempts.Add(
            new WebhookAttemptRecord
            {
                DeliveryId = delivery.Id,
                Number = number,
                StartedAt = startedAt,
                DurationMs = (int)Math.Min(int.MaxValue, outcome.Duration.TotalMilliseconds),
                StatusCode = outcome.StatusCode,
                Succeeded = outcome.Succeeded,
                Error = outcome.Error,
                ResponseExcerpt = outcome.ResponseExcerpt,
            }
        );
        delivery.Attempts = number;
        delivery.LastStatusCode = outcome.StatusCode;
        delivery.LastError = outcome.Error;
        delivery.UpdatedAt = now;
        delivery.NextAttemptAt = null;
        if (outcome.Succeeded)
        {
            delivery.Status = DeliveryStatus.Succeeded;
            if (endpoint.FailingSince is not null)
                endpoint.FailingSince = null;
            return false;
        }

        endpoint.FailingSince ??= startedAt;
        var delays = settings.RetryDelays();
        if (outcome.StatusCode == StatusCodes.Status410Gone)
        {
            delivery.Status = DeliveryStatus.Failed;
            if (endpoint.Enabled)
            {
                Disable(endpoint, $"the receiver answered 410 Gone to delivery {delivery.Id}", now);
                logger.LogWarning(
                    "Webhook endpoint {Endpoint} ({Url}) answered 410 Gone and is now disabled",
                    endpoint.Id,
                    endpoint.Url
                );
            }
            return false;
        }
        if (number <= delays.Count)
        {
            var wait = outcome.RetryAfter is { } asked
                ? (asked < settings.MaxRetryAfter ? asked : settings.MaxRetryAfter)
                : delays[number - 1];
            var next = now + wait;
            delivery.Status = DeliveryStatus.Pending;
            delivery.NextAttemptAt = next;
            queue.Enqueue(
                db,
                WorkKinds.Webhook,
                delivery.Id,
                WebhookOutbox.DedupKey(delivery.Id, number + 1),
                next
            );
        }
        else
            delivery.Status = DeliveryStatus.Failed;
        if (!endpoint.Enabled || now - endpoint.FailingSince.Value < settings.DisableAfter)
            return false;
        Disable(
            endpoint,
            $"every attempt failed since {endpoint.FailingSince.Value:yyyy-MM-dd HH:mm:ss}Z (more than {settings.DisableAfter.TotalDays:0.#} days)",
            now
        );
        return true;
    }

    private static void Disable(WebhookEndpointRecord endpoint, string reason, DateTime now)
    {
        endpoint.Enabled = false;
        endpoint.DisabledReason = reason;
        endpoint.UpdatedAt = now;
    }

    /// <summary>Logs the disabling and tells the endpoints subscribed to <c>system.error</c>.</summary>
    private async Task ReportDisabledAsync(
        FlowsDbContext db,
        WebhookEndpointRecord endpoint,
        DateTime now
    )
    {
        logger.LogError(
            "Webhook endpoint {Endpoint} ({Url}) is disabled: {Reason}",
            endpoint.Id,
            endpoint.Url,
            endpoint.DisabledReason
        );
        await outbox.QueueDeliveriesAsync(
            db,
            new WebhookEvent(
                EventTypes.SystemError,
                null,
                new JsonObject
                {
                    ["code"] = "webhook_endpoint_disabled",
                    ["message"] =
                        $"webhook endpoint {endpoint.Id} ({endpoint.Url}) was disabled: {endpoint.DisabledReason}",
                    ["source"] = "webhooks",
                    ["affected"] = new JsonObject { ["endpointId"] = endpoint.Id },
                },
                now,
                $"webhook-endpoint-disabled/{endpoint.Id}/{now:O}"
            ),
            CancellationToken.None
        );
    }
}
