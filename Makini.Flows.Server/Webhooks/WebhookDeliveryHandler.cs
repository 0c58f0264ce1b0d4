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
/// One attempt of a delivery (queue kind <see cref="WorkKinds.Webhook"/>): sends, then records the attempt,
/// the delivery's new state and, after a failure, the next attempt's queue item at the time the retry schedule
/// (or the receiver's Retry-After) says, all in one SaveChanges. The attempt is recorded after the send: a node
/// that dies in between leaves its item leased; when the lease runs out another node sends again with the same
/// webhook-id, which receivers deduplicate on. An item whose attempt is already recorded does nothing.
/// </summary>
public sealed class WebhookDeliveryHandler(
    FlowsDbContext db,
    WebhookSender sender,
    SecretProtector protector,
    WebhookOutbox outbox,
    WorkQueue queue,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDeliveryHandler> logger
) : IWorkHandler
{
    public async Task HandleAsync(WorkItemRecord item, CancellationToken cancellationToken)
    {
        var found = await (
            from d in db.WebhookDeliveries
            where d.Id == item.Payload
            join e in db.WebhookEndpoints on d.EndpointId equals e.Id
            select new { Delivery = d, Endpoint = e }
        ).FirstOrDefaultAsync(cancellationToken);
        if (found is null)
            return; // its endpoint was deleted
        var (delivery, endpoint) = (found.Delivery, found.Endpoint);
        var number = WebhookOutbox.AttemptOf(item.DedupKey) ?? delivery.Attempts + 1;
        if (delivery.Attempts >= number)
            return; // recorded by a holder of this item that stopped before marking it done
        var startedAt = time.GetUtcNow().UtcDateTime;
        if (!endpoint.Enabled)
        {
            delivery.Status = DeliveryStatus.Cancelled;
            delivery.NextAttemptAt = null;
            delivery.LastError = "not sent: the endpoint is disabled";
            delivery.UpdatedAt = startedAt;
            await db.SaveChangesAsync(CancellationToken.None);
            return;
        }

        var outcome = await sender.SendAsync(
            new Uri(endpoint.Url),
            delivery.Id,
            Encoding.UTF8.GetBytes(delivery.Body),
            SigningSecrets(endpoint, startedAt),
            HeadersOf(endpoint),
            cancellationToken
        );

        var disabledForFailing = Record(delivery, endpoint, number, startedAt, outcome);
        // Saved even when the lease was lost meanwhile: the attempt happened. If the new holder recorded it
        // first, the unique (delivery, number) index refuses this one and the queue retries the item, which
        // then finds the attempt recorded.
        await db.SaveChangesAsync(CancellationToken.None);
        if (delivery.Status == DeliveryStatus.Pending)
            queue.Signal();
        if (disabledForFailing)
            await ReportDisabledAsync(endpoint, startedAt);
    }

    /// <summary>Applies the outcome; true when it made the endpoint disabled for failing too long.</summary>
    private bool Record(
        WebhookDeliveryRecord delivery,
        WebhookEndpointRecord endpoint,
        int number,
        DateTime startedAt,
        AttemptOutcome outcome
    )
    {
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
                    ["endpointId"] = endpoint.Id,
                },
                now,
                $"webhook-endpoint-disabled/{endpoint.Id}/{now:O}"
            ),
            CancellationToken.None
        );
    }

    /// <summary>The current secret, and the previous one while its rotation overlap lasts.</summary>
    private List<string> SigningSecrets(WebhookEndpointRecord endpoint, DateTime now)
    {
        var secrets = new List<string> { protector.Unprotect(endpoint.ProtectedSecret) };
        if (endpoint.ProtectedPreviousSecret is not null && endpoint.PreviousSecretExpiresAt > now)
            secrets.Add(protector.Unprotect(endpoint.ProtectedPreviousSecret));
        return secrets;
    }

    public static IReadOnlyDictionary<string, string> HeadersOf(WebhookEndpointRecord endpoint) =>
        endpoint.HeadersJson is null
            ? new Dictionary<string, string>()
            : JsonSerializer.Deserialize<Dictionary<string, string>>(endpoint.HeadersJson) ?? [];
}
