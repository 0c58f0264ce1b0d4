using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Activities.Webhooks;
using Makini.Flows.Server.Auth;
using Makini.Flows.Server.Bus;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Makini.Flows.Server.Secrets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makini.Flows.Server.Webhooks;

/// <summary>
/// Webhook endpoints (subscriptions): create (the secret is shown once), list, read, replace, delete, rotate the
/// secret, send a test event; the delivery log and redelivery; publishing an event to every matching endpoint.
/// </summary>
public static class WebhooksApi
{
    public static void MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var webhooks = app.MapGroup("/api/webhooks")
            .WithTags("Webhooks")
            .RequireAuthorization(Roles.AdminPolicy);
        webhooks.MapGet("/", ListAsync);
        webhooks.MapPost("/", CreateAsync);
        webhooks.MapGet("/event-types", () => TypedResults.Ok(WebhookEventTypes.All));
        webhooks.MapPost("/events", PublishAsync);
        webhooks.MapGet("/{id}", GetAsync);
        webhooks.MapPut("/{id}", ReplaceAsync);
        webhooks.MapDelete("/{id}", DeleteAsync);
        webhooks.MapPost("/{id}/rotate-secret", RotateAsync);
        webhooks.MapPost("/{id}/test", TestAsync).ProducesProblem(StatusCodes.Status409Conflict);
        webhooks.MapGet("/{id}/deliveries", DeliveriesAsync);
        webhooks.MapGet("/deliveries/{deliveryId}", DeliveryAsync);
        webhooks
            .MapPost("/deliveries/{deliveryId}/redeliver", RedeliverAsync)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<List<WebhookEndpointView>>> ListAsync(
        FlowsDbContext db,
        SecretProtector protector,
        CancellationToken ct
    ) =>
        TypedResults.Ok(
            (await db.WebhookEndpoints.AsNoTracking().OrderBy(e => e.CreatedAt).ToListAsync(ct))
                .Select(e => WebhookEndpointView.Of(e, protector))
                .ToList()
        );

    private static async Task<Results<Ok<WebhookEndpointView>, ProblemHttpResult>> GetAsync(
        string id,
        FlowsDbContext db,
        SecretProtector protector,
        CancellationToken ct
    ) =>
        await db.WebhookEndpoints.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct)
            is { } endpoint
            ? TypedResults.Ok(WebhookEndpointView.Of(endpoint, protector))
            : Problems.NotFound($"no webhook endpoint '{id}'");

    private static async Task<
        Results<Created<CreatedWebhookEndpoint>, ProblemHttpResult>
    > CreateAsync(
        WebhookEndpointInput input,
        FlowsDbContext db,
        SecretProtector protector,
        EventSubscriptions subscriptions,
        TimeProvider time,
        CancellationToken ct
    )
    {
        if (await ProblemAsync(input, db, ct) is { } problem)
            return problem;
        var now = time.GetUtcNow().UtcDateTime;
        var secret = StandardWebhooks.NewSecret();
        var endpoint = new WebhookEndpointRecord
        {
            Id = "wh_" + Guid.NewGuid().ToString("N")[..24],
            Url = input.Url!,
            EventTypes = "",
            ProtectedSecret = protector.Protect(secret),
            CreatedAt = now,
        };
        Apply(input, endpoint, now, protector);
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(ct);
        subscriptions.Invalidate();
        return TypedResults.Created(
            $"/api/webhooks/{endpoint.Id}",
            new CreatedWebhookEndpoint(WebhookEndpointView.Of(endpoint, protector), secret)
        );
    }

    private static async Task<Results<Ok<WebhookEndpointView>, ProblemHttpResult>> ReplaceAsync(
        string id,
        WebhookEndpointInput input,
        FlowsDbContext db,
        EventSubscriptions subscriptions,
        SecretProtector protector,
        TimeProvider time,
        CancellationToken ct
    )
    {
        if (await ProblemAsync(input, db, ct) is { } problem)
            return problem;
        var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (endpoint is null)
            return Problems.NotFound($"no webhook endpoint '{id}'");
        Apply(input, endpoint, time.GetUtcNow().UtcDateTime, protector);
        await db.SaveChangesAsync(ct);
        subscriptions.Invalidate();
        return TypedResults.Ok(WebhookEndpointView.Of(endpoint, protector));
    }

    /// <summary>What is wrong with the input, connections that do not exist included; null when nothing.</summary>
    private static async Task<ProblemHttpResult?> ProblemAsync(
        WebhookEndpointInput input,
        FlowsDbContext db,
        CancellationToken ct
    )
    {
        if (input.Problem() is var (detail, pointer))
            return Problems.BadRequest(detail, pointer);
        var named = input.NamedConnections().ToList();
        if (named.Count == 0)
            return null;
        var ids = named.Select(n => n.ConnectionId).Distinct().ToList();
        var existing = await db
            .Connections.Where(c => ids.Contains(c.Id))
            .Select(c => c.Id)
            .ToListAsync(ct);
        return
            named.FirstOrDefault(n => !existing.Contains(n.ConnectionId)) is ({ } unknown, { } at)
            ? Problems.BadRequest($"there is no connection '{unknown}'", at)
            : null;
    }

    private static void Apply(
        WebhookEndpointInput input,
        WebhookEndpointRecord endpoint,
        DateTime now,
        SecretProtector protector
    )
    {
        endpoint.Url = input.Url!;
        endpoint.Description = input.Description;
        WebhookRule.Store(endpoint, input.ToRules());
        EndpointHeaders.Store(endpoint, input.Headers, protector);
        var enabled = input.Enabled ?? true;
        if (enabled)
        {
            // Enabled (again): the server's reason for disabling it and the failure streak no longer hold.
            endpoint.DisabledReason = null;
            if (!endpoint.Enabled)
                endpoint.FailingSince = null;
        }
        else if (endpoint.Enabled)
            endpoint.DisabledReason = "disabled through the API";
        endpoint.Enabled = enabled;
        endpoint.UpdatedAt = now;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id,
        FlowsDbContext db,
        CancellationToken ct
    )
    {
        var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (endpoint is null)
            return Problems.NotFound($"no webhook endpoint '{id}'");
        // Attempts and deliveries go with it (cascade); queued attempts find no delivery and do nothing.
        db.WebhookEndpoints.Remove(endpoint);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<RotatedSecret>, ProblemHttpResult>> RotateAsync(
        string id,
        FlowsDbContext db,
        SecretProtector protector,
        IOptions<WebhookOptions> options,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var endpoint = await db.WebhookEndpoints.FirstOrDefaultAsync(e => e.Id == id, ct);
        if (endpoint is null)
            return Problems.NotFound($"no webhook endpoint '{id}'");
        var now = time.GetUtcNow().UtcDateTime;
        var secret = StandardWebhooks.NewSecret();
        endpoint.ProtectedPreviousSecret = endpoint.ProtectedSecret;
        endpoint.PreviousSecretExpiresAt = now + options.Value.RotationOverlap;
        endpoint.ProtectedSecret = protector.Protect(secret);
        endpoint.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new RotatedSecret(secret, endpoint.PreviousSecretExpiresAt.Value));
    }

    private static async Task<Results<Accepted<JsonObject>, ProblemHttpResult>> TestAsync(
        string id,
        FlowsDbContext db,
        WebhookOutbox outbox,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var endpoint = await db
            .WebhookEndpoints.AsNoTracking()
            .FirstOrDefaultAsync(e => e.Id == id, ct);
        if (endpoint is null)
            return Problems.NotFound($"no webhook endpoint '{id}'");
        if (!endpoint.Enabled)
            return Problems.Conflict($"webhook endpoint '{id}' is disabled: enable it first");
        var deliveryId = await outbox.QueueToEndpointAsync(
            db,
            id,
            new WebhookEvent(
                WebhookEventTypes.Test,
                null,
                new JsonObject
                {
                    ["message"] = "A test event from Makini Flows",
                    ["endpointId"] = id,
                },
                time.GetUtcNow()
            ),
            ct
        );
        return TypedResults.Accepted(
            $"/api/webhooks/deliveries/{deliveryId}",
            new JsonObject { ["deliveryId"] = deliveryId }
        );
    }

    private static async Task<Results<Accepted<JsonObject>, ProblemHttpResult>> PublishAsync(
        PublishedEvent published,
        FlowsDbContext db,
        WebhookOutbox outbox,
        TimeProvider time,
        CancellationToken ct
    )
    {
        if (published.Type is null || !WebhookEventTypes.IsKnown(published.Type))
            return Problems.BadRequest(
                $"type must be one of {string.Join(", ", WebhookEventTypes.All)}",
                "/type"
            );
        // As /api/events checks them: the connection id's form, and the data against its type's schema.
        if (published.ConnectionId is { Length: 0 or > 64 })
            return Problems.BadRequest(
                "'connectionId' must be a string of 1 to 64 characters",
                "/connectionId"
            );
        if (JsonBody.Unreadable(published.Data, "/data") is { } unreadable)
            return unreadable;
        if (
            EventCatalog.Find(published.Type) is not null
            && EventCatalog.Check(published.Type, published.Data) is [var first, ..]
        )
            return Problems.BadRequest(
                $"'data' does not fit the schema of {published.Type}: {first.Message}",
                first.Pointer
            );
        var count = await outbox.QueueDeliveriesAsync(
            db,
            new WebhookEvent(
                published.Type,
                published.ConnectionId,
                published.Data,
                published.Timestamp ?? time.GetUtcNow()
            ),
            ct
        );
        return TypedResults.Accepted(
            (string?)null,
            new JsonObject { ["type"] = published.Type, ["deliveries"] = count }
        );
    }

    private static async Task<
        Results<Ok<List<WebhookDeliveryView>>, ProblemHttpResult>
    > DeliveriesAsync(
        string id,
        string? status,
        int? limit,
        FlowsDbContext db,
        CancellationToken ct
    )
    {
        if (limit is < 1 or > 1000)
            return Problems.BadRequest("limit must be between 1 and 1000", "/query/limit");
        if (status is not null && !DeliveryStatus.All.Contains(status))
            return Problems.BadRequest(
                $"status is one of {string.Join(", ", DeliveryStatus.All)}, not '{status}'",
                "/query/status"
            );
        if (!await db.WebhookEndpoints.AnyAsync(e => e.Id == id, ct))
            return Problems.NotFound($"no webhook endpoint '{id}'");
        var deliveries = db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == id);
        if (status is not null)
            deliveries = deliveries.Where(d => d.Status == status);
        return TypedResults.Ok(
            (
                await deliveries
                    .OrderByDescending(d => d.CreatedAt)
                    .ThenByDescending(d => d.Id)
                    .Take(limit ?? 100)
                    .ToListAsync(ct)
            )
                .Select(WebhookDeliveryView.Of)
                .ToList()
        );
    }

    private static async Task<Results<Ok<WebhookDeliveryDetail>, ProblemHttpResult>> DeliveryAsync(
        string deliveryId,
        FlowsDbContext db,
        CancellationToken ct
    )
    {
        var delivery = await db
            .WebhookDeliveries.AsNoTracking()
            .FirstOrDefaultAsync(d => d.Id == deliveryId, ct);
        if (delivery is null)
            return Problems.NotFound($"no webhook delivery '{deliveryId}'");
        var attempts = await db
            .WebhookAttempts.AsNoTracking()
            .Where(a => a.DeliveryId == deliveryId)
            .OrderBy(a => a.Number)
            .Select(a => new WebhookAttemptView(
                a.Number,
                a.StartedAt,
                a.DurationMs,
                a.StatusCode,
                a.Succeeded,
                a.Error,
                a.ResponseExcerpt
            ))
            .ToListAsync(ct);
        return TypedResults.Ok(
            new WebhookDeliveryDetail(
                WebhookDeliveryView.Of(delivery),
                JsonNode.Parse(delivery.Body),
                attempts
            )
        );
    }

    /// <summary>
    /// Queues the delivery's next attempt now, with the same webhook-id: a new one after it succeeded or gave up,
    /// or the scheduled retry brought forward.
    /// </summary>
    private static async Task<Results<Accepted<JsonObject>, ProblemHttpResult>> RedeliverAsync(
        string deliveryId,
        FlowsDbContext db,
        WorkQueue queue,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == deliveryId, ct);
        if (delivery is null)
            return Problems.NotFound($"no webhook delivery '{deliveryId}'");
        if (!await db.WebhookEndpoints.AnyAsync(e => e.Id == delivery.EndpointId && e.Enabled, ct))
            return Problems.Conflict(
                $"webhook endpoint '{delivery.EndpointId}' is disabled: enable it before redelivering"
            );
        var now = time.GetUtcNow().UtcDateTime;
        var number = delivery.Attempts + 1;
        var key = WebhookOutbox.DedupKey(delivery.Id, number);
        var item = await db.WorkItems.FirstOrDefaultAsync(w => w.DedupKey == key, ct);
        if (item is null)
            queue.Enqueue(db, WorkKinds.Webhook, delivery.Id, key, now);
        else if (item.Status == WorkStatus.Leased)
            return Problems.Conflict($"attempt {number} of delivery '{deliveryId}' is being sent");
        else
        {
            item.Status = WorkStatus.Queued;
            item.Attempts = 0;
            item.AvailableAt = now;
            item.LeaseUntil = null;
            item.UpdatedAt = now;
        }
        delivery.Status = DeliveryStatus.Pending;
        delivery.NextAttemptAt = now;
        delivery.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Problems.Conflict(
                $"attempt {number} of delivery '{deliveryId}' is already queued"
            );
        }
        queue.Signal();
        return TypedResults.Accepted(
            $"/api/webhooks/deliveries/{deliveryId}",
            new JsonObject { ["deliveryId"] = deliveryId, ["attempt"] = number }
        );
    }
}
