using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Activities.Triggers;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makini.Flows.Server.Webhooks;

/// <summary>
/// Attempts of deliveries, a batch at a time (queue kind <see cref="WorkKinds.Webhook"/>): loads the batch's
/// deliveries and endpoints in two queries, sends them all at once, then records every attempt, the deliveries'
/// new states, the next attempts' queue items at the time the retry schedule (or the receiver's Retry-After)
/// says, and marks the batch's items done, all in one transaction. Attempts are recorded after sending: a node
/// that dies in between leaves its items leased; when the leases run out another node sends again with the same
/// webhook-id, which receivers deduplicate on. An item whose attempt is already recorded does nothing.
/// </summary>
public sealed class WebhookDeliveryHandler(
    FlowsDbContext db,
    WebhookSender sender,
    SigningSecrets secrets,
    Secrets.SecretProtector protector,
    WebhookOutbox outbox,
    WorkQueue queue,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDeliveryHandler> logger
) : IWorkBatchHandler
{
    public async Task HandleBatchAsync(
        IReadOnlyList<WorkItemRecord> items,
        string nodeId,
        CancellationToken cancellationToken
    )
    {
        var deliveryIds = items.Select(i => i.Payload).Distinct().ToList();
        var deliveries = await db
            .WebhookDeliveries.Where(d => deliveryIds.Contains(d.Id))
            .ToDictionaryAsync(d => d.Id, cancellationToken);
        var endpointIds = deliveries.Values.Select(d => d.EndpointId).Distinct().ToList();
        var endpoints = await db
            .WebhookEndpoints.Where(e => endpointIds.Contains(e.Id))
            .ToDictionaryAsync(e => e.Id, cancellationToken);

        var startedAt = time.GetUtcNow().UtcDateTime;
        var attempts = new List<Attempt>(items.Count);
        foreach (var item in items)
        {
            if (
                !deliveries.TryGetValue(item.Payload, out var delivery)
                || !endpoints.TryGetValue(delivery.EndpointId, out var endpoint)
            )
                continue; // its endpoint was deleted
            var number = WebhookOutbox.AttemptOf(item.DedupKey) ?? delivery.Attempts + 1;
            if (delivery.Attempts >= number || attempts.Any(a => a.Delivery == delivery))
                continue; // recorded by a holder of this item that stopped before marking it done
            if (!endpoint.Enabled)
                Cancel(delivery, startedAt);
            else
                attempts.Add(
                    new Attempt(
                        delivery,
                        endpoint,
                        number,
                        Send(delivery, endpoint, cancellationToken)
                    )
                );
        }
        await Task.WhenAll(attempts.Select(a => a.Outcome));

        var disabledForFailing = new HashSet<WebhookEndpointRecord>();
        foreach (var attempt in attempts)
            if (Record(attempt, startedAt, attempt.Outcome.Result))
                disabledForFailing.Add(attempt.Endpoint);
        // Saved even when a lease was lost meanwhile: the attempts happened. If a new holder recorded one first,
        // the unique (delivery, number) index refuses the batch and the queue retries its items, which then
        // find their attempts recorded (or send again, with the same webhook-id).
        var gone = await ForgetDeletedEndpointsAsync(attempts);
        try
        {
            await SaveAndCompleteAsync(items, nodeId);
        }
        catch (DbUpdateException)
        {
            // An endpoint deleted between the check and the save took its deliveries with it: drop what this batch
            // would record of them and save the rest. Any other failure is the batch's, as before.
            var late = await ForgetDeletedEndpointsAsync(attempts);
            if (late.Count == 0)
                throw;
            gone.UnionWith(late);
            await SaveAndCompleteAsync(items, nodeId);
        }
        if (
            attempts.Any(a =>
                a.Delivery.Status == DeliveryStatus.Pending && !gone.Contains(a.Endpoint.Id)
            )
        )
            queue.Signal();
        foreach (var endpoint in disabledForFailing.Where(e => !gone.Contains(e.Id)))
            await ReportDisabledAsync(endpoint, startedAt);
    }

    private async Task SaveAndCompleteAsync(IReadOnlyList<WorkItemRecord> items, string nodeId)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(
            CancellationToken.None
        );
        await db.SaveChangesAsync(CancellationToken.None);
        await WorkClaims.CompleteAllAsync(
            db,
            [.. items.Select(i => i.Id)],
            nodeId,
            time.GetUtcNow().UtcDateTime,
            CancellationToken.None
        );
        await transaction.CommitAsync(CancellationToken.None);
    }

    /// <summary>
    /// Endpoints deleted while their deliveries were being sent (their deliveries and attempts went with them): what
    /// this batch would record of them is dropped, so the rest of the batch is recorded. Returns their ids.
    /// </summary>
    private async Task<HashSet<string>> ForgetDeletedEndpointsAsync(List<Attempt> attempts)
    {
        var ids = attempts.Select(a => a.Endpoint.Id).Distinct().ToList();
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
        var deliveries = attempts
            .Where(a => gone.Contains(a.Endpoint.Id))
            .Select(a => a.Delivery.Id)
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

    private sealed record Attempt(
        WebhookDeliveryRecord Delivery,
        WebhookEndpointRecord Endpoint,
        int Number,
        Task<AttemptOutcome> Outcome
    );

    private Task<AttemptOutcome> Send(
        WebhookDeliveryRecord delivery,
        WebhookEndpointRecord endpoint,
        CancellationToken cancellationToken
    ) =>
        sender.SendAsync(
            new Uri(endpoint.Url),
            delivery.Id,
            Encoding.UTF8.GetBytes(delivery.Body),
            secrets.For(endpoint, time.GetUtcNow().UtcDateTime),
            EndpointHeaders.Of(endpoint, protector),
            cancellationToken
        );

    private static void Cancel(WebhookDeliveryRecord delivery, DateTime now)
    {
        delivery.Status = DeliveryStatus.Cancelled;
        delivery.NextAttemptAt = null;
        delivery.LastError = "not sent: the endpoint is disabled";
        delivery.UpdatedAt = now;
    }

    /// <summary>Applies the outcome; true when it made the endpoint disabled for failing too long.</summary>
    private bool Record(Attempt attempt, DateTime startedAt, AttemptOutcome outcome)
    {
        var (delivery, endpoint, number) = (attempt.Delivery, attempt.Endpoint, attempt.Number);
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
            Disable(endpoint, $"the receiver answered 410 Gone to delivery {delivery.Id}", now);
            logger.LogWarning(
                "Webhook endpoint {Endpoint} ({Url}) answered 410 Gone and is now disabled",
                endpoint.Id,
                endpoint.Url
            );
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
        if (now - endpoint.FailingSince.Value < settings.DisableAfter)
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
    private async Task ReportDisabledAsync(WebhookEndpointRecord endpoint, DateTime now)
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
