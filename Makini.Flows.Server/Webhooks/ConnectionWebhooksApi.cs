using System.Text.Json.Nodes;
using Makini.Flows.Activities.Triggers;
using Makini.Flows.Server.Auth;
using Makini.Flows.Server.Bus;
using Makini.Flows.Server.Connections;
using Makini.Flows.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Webhooks;

/// <summary>
/// <c>/api/connections/{id}/webhooks</c>: which of a connection's event types go to which endpoint, seen and set
/// from the connection (the same rules the endpoints hold), and a test send of any type with a sample for it.
/// </summary>
public static class ConnectionWebhooksApi
{
    /// <summary>The event types that are about a connection (those a connection can choose).</summary>
    public static readonly IReadOnlyList<string> ConnectionEventTypes =
    [
        EventTypes.SyncCompleted,
        EventTypes.SyncFailed,
        EventTypes.ConnectionAuthRequired,
        EventTypes.ConnectionStatusChanged,
        EventTypes.SystemError,
        .. EventCatalog.EntityTypes.Select(t => t.Type),
    ];

    public sealed record EndpointChoice(string? EndpointId, List<string>? EventTypes);

    public sealed record Choices(List<EndpointChoice?>? Endpoints);

    public sealed record TestSend(string? EndpointId, string? EventType);

    public static void MapConnectionWebhooksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/connections/{id}/webhooks")
            .WithTags("Webhooks")
            .RequireAuthorization(Roles.AdminPolicy);
        group.MapGet("", GetAsync);
        group.MapPut("", PutAsync);
        group
            .MapPost("/test", TestAsync)
            .Produces<JsonObject>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> GetAsync(string id, FlowsDbContext db, CancellationToken ct)
    {
        if (!await db.Connections.AnyAsync(c => c.Id == id, ct))
            return ConnectionsApi.NotFound(id);
        return TypedResults.Ok(await ViewAsync(db, id, ct));
    }

    private static async Task<object> ViewAsync(FlowsDbContext db, string id, CancellationToken ct)
    {
        var endpoints = await db
            .WebhookEndpoints.AsNoTracking()
            .OrderBy(e => e.CreatedAt)
            .ToListAsync(ct);
        return new
        {
            connectionId = id,
            eventTypes = ConnectionEventTypes,
            endpoints = endpoints.Select(e =>
            {
                var (own, forAll) = ConnectionRules.TypesFor(WebhookRule.Of(e), id);
                return new
                {
                    endpointId = e.Id,
                    url = e.Url,
                    description = e.Description,
                    enabled = e.Enabled,
                    eventTypes = own.Union(forAll).ToList(),
                    fromAllConnections = forAll,
                };
            }),
        };
    }

    private static async Task<IResult> PutAsync(
        string id,
        Choices choices,
        FlowsDbContext db,
        EventSubscriptions subscriptions,
        TimeProvider time,
        CancellationToken ct
    )
    {
        if (!await db.Connections.AnyAsync(c => c.Id == id, ct))
            return ConnectionsApi.NotFound(id);
        if (choices.Endpoints is null)
            return Problems.BadRequest(
                "send {\"endpoints\": [{\"endpointId\": \"wh_...\", \"eventTypes\": [...]}]}",
                "/endpoints"
            );
        var endpoints = await db.WebhookEndpoints.ToListAsync(ct);
        var now = ConnectionsApi.Now(time);
        for (var i = 0; i < choices.Endpoints.Count; i++)
        {
            var pointer = $"/endpoints/{i}";
            var choice = choices.Endpoints[i];
            if (choice?.EndpointId is not { } endpointId)
                return Problems.BadRequest(
                    "name the endpoint: endpointId",
                    $"{pointer}/endpointId"
                );
            if (endpoints.FirstOrDefault(e => e.Id == endpointId) is not { } endpoint)
                return Problems.BadRequest(
                    $"there is no webhook endpoint '{endpointId}'",
                    $"{pointer}/endpointId"
                );
            var types = choice.EventTypes ?? [];
            for (var j = 0; j < types.Count; j++)
                if (!ConnectionEventTypes.Contains(types[j]))
                    return Problems.BadRequest(
                        $"'{types[j]}' is not an event type of a connection: use {string.Join(", ", ConnectionEventTypes)}",
                        $"{pointer}/eventTypes/{j}"
                    );
            WebhookRule.Store(
                endpoint,
                ConnectionRules.WithChoice(WebhookRule.Of(endpoint), id, types)
            );
            endpoint.UpdatedAt = now;
        }
        await db.SaveChangesAsync(ct);
        subscriptions.Invalidate();
        return TypedResults.Ok(await ViewAsync(db, id, ct));
    }

    private static async Task<IResult> TestAsync(
        string id,
        TestSend send,
        FlowsDbContext db,
        WebhookOutbox outbox,
        ConnectionStatus status,
        TimeProvider time,
        CancellationToken ct
    )
    {
        if (!await db.Connections.AnyAsync(c => c.Id == id, ct))
            return ConnectionsApi.NotFound(id);
        var endpoint = await db
            .WebhookEndpoints.AsNoTracking()
            .FirstOrDefaultAsync(e => e.Id == send.EndpointId, ct);
        if (endpoint is null)
            return Problems.BadRequest(
                $"there is no webhook endpoint '{send.EndpointId}'",
                "/endpointId"
            );
        if (!endpoint.Enabled)
            return Problems.Conflict(
                $"webhook endpoint '{endpoint.Id}' is disabled: enable it first"
            );
        if (send.EventType is not { } type || !ConnectionEventTypes.Contains(type))
            return Problems.BadRequest(
                $"eventType is one of {string.Join(", ", ConnectionEventTypes)}",
                "/eventType"
            );
        var now = time.GetUtcNow();
        var deliveryId = await outbox.QueueToEndpointAsync(
            db,
            endpoint.Id,
            new WebhookEvent(
                type,
                id,
                EventSamples.For(type, id, now.UtcDateTime, status.RenewUrl(id)),
                now
            ),
            ct
        );
        return TypedResults.Accepted(
            $"/api/webhooks/deliveries/{deliveryId}",
            new JsonObject { ["deliveryId"] = deliveryId, ["eventType"] = type }
        );
    }
}
