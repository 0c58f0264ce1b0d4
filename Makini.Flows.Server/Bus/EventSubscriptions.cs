using Makini.Flows.Activities.Triggers;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Serialization;
using Makini.Flows.Engine.Values;
using Makini.Flows.Server.Flows;
using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Bus;

/// <summary>A published flow whose EventTrigger listens for one event type.</summary>
public sealed record EventSubscription(string FlowId, int Version, string EventType);

/// <summary>
/// Which published flows (and webhook endpoints) listen for which events. Dispatch reads them fresh (<see cref="LoadAsync"/>); the hot
/// path that only asks whether anyone listens at all (every finished run) uses a copy kept for a few seconds,
/// dropped at once when this node publishes or deletes a flow, and otherwise refreshed soon enough for another
/// node's publishing.
/// </summary>
public sealed class EventSubscriptions(IServiceScopeFactory scopes, TimeProvider time)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(5);

    private volatile Snapshot? _snapshot;

    private sealed record Snapshot(HashSet<string> Types, DateTimeOffset LoadedAt);

    public void Invalidate() => _snapshot = null;

    public async Task<bool> AnyListensToAsync(string eventType, CancellationToken ct)
    {
        var snapshot = _snapshot;
        if (snapshot is null || time.GetUtcNow() - snapshot.LoadedAt > KeepFor)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
            var all = await LoadAsync(db, ct);
            // Webhook endpoints listen too: an event someone subscribed a URL to must be raised.
            var webhookTypes = await db
                .WebhookEndpoints.Where(e => e.Enabled)
                .Select(e => e.EventTypes)
                .ToListAsync(ct);
            snapshot = new Snapshot(
                all.Select(s => s.EventType)
                    .Concat(webhookTypes.SelectMany(Webhooks.WebhookEventTypes.Split))
                    .ToHashSet(),
                time.GetUtcNow()
            );
            _snapshot = snapshot;
        }
        return snapshot.Types.Contains(eventType);
    }

    /// <summary>The subscriptions of all published flows, read now.</summary>
    public static async Task<List<EventSubscription>> LoadAsync(
        FlowsDbContext db,
        CancellationToken ct
    )
    {
        var published = await PublishedVersions.LoadAsync(db, "EventTrigger", ct);
        return published
            .Select(v => Of(FlowJson.Deserialize(v.Json), v.Version))
            .OfType<EventSubscription>()
            .ToList();
    }

    public static EventSubscription? Of(FlowDefinition flow, int version)
    {
        var trigger = flow.Activities.Find(a => a.Type == "EventTrigger");
        return
            trigger is not null
            && trigger.Inputs.TryGetValue("eventType", out var type)
            && type.Kind == ExpressionKind.Literal
            && ValueConverter.ToText(type.Literal) is { Length: > 0 } eventType
            ? new EventSubscription(flow.Id, version, eventType)
            : null;
    }
}
