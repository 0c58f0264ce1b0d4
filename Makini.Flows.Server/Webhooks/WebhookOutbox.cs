using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Activities.Webhooks;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Webhooks;

/// <summary>Turns events into webhook deliveries (what the platform's event handling calls).</summary>
public interface IWebhookDispatcher
{
    /// <summary>
    /// Queues a delivery to every enabled endpoint subscribed to <paramref name="type"/> (and, when the endpoint
    /// filters by connection, about <paramref name="connectionId"/>): each delivery row and its queue item are
    /// committed in one SaveChanges. Returns how many were queued.
    /// </summary>
    Task<int> QueueDeliveriesAsync(
        FlowsDbContext db,
        string type,
        string? connectionId,
        JsonNode data,
        DateTimeOffset timestamp,
        CancellationToken cancellationToken
    );
}

/// <summary>
/// The outbox: a delivery row per (event, endpoint), with the envelope's bytes fixed at that moment, and a
/// <see cref="WorkKinds.Webhook"/> queue item per attempt (dedup key <c>webhook:{deliveryId}:{attempt}</c>).
/// </summary>
public sealed class WebhookOutbox(WorkQueue queue, TimeProvider time) : IWebhookDispatcher
{
    public Task<int> QueueDeliveriesAsync(
        FlowsDbContext db,
        string type,
        string? connectionId,
        JsonNode data,
        DateTimeOffset timestamp,
        CancellationToken cancellationToken
    ) =>
        QueueDeliveriesAsync(
            db,
            new WebhookEvent(type, connectionId, data, timestamp),
            cancellationToken
        );

    public async Task<int> QueueDeliveriesAsync(
        FlowsDbContext db,
        WebhookEvent webhookEvent,
        CancellationToken cancellationToken
    )
    {
        var endpoints = await db
            .WebhookEndpoints.AsNoTracking()
            .Where(e => e.Enabled)
            .Select(e => new
            {
                e.Id,
                e.EventTypes,
                e.ConnectionId,
                e.RulesJson,
            })
            .ToListAsync(cancellationToken);
        var matching = endpoints
            .Where(e =>
                WebhookRule.AnyMatches(
                    WebhookRule.Of(e.RulesJson, e.EventTypes, e.ConnectionId),
                    webhookEvent.Type,
                    webhookEvent.ConnectionId
                )
            )
            .Select(e => e.Id)
            .ToList();
        return await QueueAsync(db, webhookEvent, matching, cancellationToken);
    }

    /// <summary>Queues the event to one endpoint whatever it subscribes to (a test send). Returns the delivery id.</summary>
    public async Task<string> QueueToEndpointAsync(
        FlowsDbContext db,
        string endpointId,
        WebhookEvent webhookEvent,
        CancellationToken cancellationToken
    )
    {
        await QueueAsync(db, webhookEvent, [endpointId], cancellationToken);
        return db.WebhookDeliveries.Local.Last(d => d.EndpointId == endpointId).Id;
    }

    private async Task<int> QueueAsync(
        FlowsDbContext db,
        WebhookEvent webhookEvent,
        List<string> endpointIds,
        CancellationToken cancellationToken
    )
    {
        if (endpointIds.Count == 0)
            return 0;
        var ids = endpointIds.ToDictionary(
            e => e,
            e => webhookEvent.Id is null ? NewDeliveryId() : DeliveryIdFor(webhookEvent.Id, e)
        );
        if (webhookEvent.Id is not null)
        {
            var candidates = ids.Values.ToList();
            var existing = await db
                .WebhookDeliveries.Where(d => candidates.Contains(d.Id))
                .Select(d => d.EndpointId)
                .ToListAsync(cancellationToken);
            foreach (var endpointId in existing)
                ids.Remove(endpointId);
        }
        var body = Encoding.UTF8.GetString(
            WebhookEnvelope.Create(
                webhookEvent.Type,
                webhookEvent.Timestamp,
                webhookEvent.ConnectionId,
                webhookEvent.Data
            )
        );
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var (endpointId, deliveryId) in ids)
        {
            db.WebhookDeliveries.Add(
                new WebhookDeliveryRecord
                {
                    Id = deliveryId,
                    EndpointId = endpointId,
                    EventType = webhookEvent.Type,
                    ConnectionId = webhookEvent.ConnectionId,
                    Body = body,
                    Status = DeliveryStatus.Pending,
                    NextAttemptAt = now,
                    CreatedAt = now,
                    UpdatedAt = now,
                }
            );
            queue.Enqueue(db, WorkKinds.Webhook, deliveryId, DedupKey(deliveryId, 1), now);
        }
        await db.SaveChangesAsync(cancellationToken);
        if (ids.Count > 0)
            queue.Signal();
        return ids.Count;
    }

    public static string DedupKey(string deliveryId, int attempt) =>
        $"webhook:{deliveryId}:{attempt}";

    /// <summary>The attempt number a queue item stands for, from its dedup key; null when it has none.</summary>
    public static int? AttemptOf(string? dedupKey) =>
        dedupKey is not null
        && dedupKey.LastIndexOf(':') is var colon and > 0
        && int.TryParse(dedupKey.AsSpan(colon + 1), out var attempt)
            ? attempt
            : null;

    private static string NewDeliveryId() => "msg_" + Guid.NewGuid().ToString("N");

    private static string DeliveryIdFor(string eventId, string endpointId) =>
        "msg_"
        + Convert.ToHexStringLower(
            SHA256.HashData(Encoding.UTF8.GetBytes($"{eventId}/{endpointId}"))
        )[..32];
}
