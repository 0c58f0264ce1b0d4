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
/// Which published flows (and webhook endpoints) listen for which events. Dispatch reads them fresh
/// (<see cref="LoadAsync"/>). The hot path that only asks whether anyone listens at all (every finished run, every
/// page of a sync) answers from a snapshot in memory, without a query, as long as the snapshot is known current:
/// <list type="bullet">
/// <item>A change made through this node (a flow published, unpublished or deleted, an endpoint saved) drops it at
/// once (<see cref="Invalidate"/>).</item>
/// <item>With PostgreSQL other nodes make changes too. The database itself announces each one: a trigger on
/// <c>flows</c> and <c>webhook_endpoints</c> sends <c>NOTIFY makini_subscriptions</c> in the transaction that
/// makes the change, so every node hears of it as it commits, whichever node or tool made it, and
/// <see cref="SubscriptionChangeListener"/> drops the snapshot. Another node's change counts here after the
/// notification's latency (milliseconds), not after the snapshot's age.</item>
/// <item>A snapshot is kept only if nothing dropped the snapshot while it was being read (a generation count): a
/// notification that arrives during a read that may have missed its change is not undone by that read.</item>
/// <item>With PostgreSQL the snapshot is trusted only while the listener is listening. Before it listens, after its
/// connection broke and until it listens again (and it drops the snapshot then: notifications may have been
/// missed), every question is answered by a read begun after the question was asked (questions asked together
/// share one read): slower, but an event is not dropped for want of a notification.</item>
/// <item>A snapshot is kept <see cref="KeepFor"/> at most in any case: the net under a change that sends no
/// notification (SQL run with the trigger disabled; another process on the same SQLite file).</item>
/// </list>
/// What remains: a change committed on another node and a run ending here in the same few milliseconds, before
/// the notification arrives, may miss each other, as they would if the run had ended just before the change.
/// </summary>
public sealed class EventSubscriptions(IServiceScopeFactory scopes, TimeProvider time)
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();

    // Guarded by _gate.
    private Snapshot? _snapshot;
    private long _generation;
    private bool _listening;
    private Task<Snapshot>? _reading;
    private Task<Snapshot>? _following;

    private sealed record Snapshot(HashSet<string> Types, long Generation, long ReadAt);

    /// <summary>
    /// Other nodes share the database (PostgreSQL): the snapshot is trusted only while
    /// <see cref="SubscriptionChangeListener"/> listens for their changes.
    /// </summary>
    public bool SharedDatabase { get; init; }

    /// <summary>Whether questions are answered from the snapshot (when there is a current one).</summary>
    public bool Trusted
    {
        get
        {
            lock (_gate)
                return !SharedDatabase || _listening;
        }
    }

    /// <summary>Drops the snapshot: what listens has changed.</summary>
    public void Invalidate()
    {
        lock (_gate)
            Drop();
    }

    /// <summary>
    /// The listener listens: every change from now on will be notified. One made before may have been missed, so
    /// the snapshot is dropped.
    /// </summary>
    public void Listening()
    {
        lock (_gate)
        {
            Drop();
            _listening = true;
        }
    }

    /// <summary>The listener stopped listening: questions are answered by reading until it listens again.</summary>
    public void NotListening()
    {
        lock (_gate)
        {
            Drop();
            _listening = false;
        }
    }

    private void Drop()
    {
        _generation++;
        _snapshot = null;
    }

    public async Task<bool> AnyListensToAsync(string eventType, CancellationToken ct)
    {
        Task<Snapshot> reading;
        lock (_gate)
        {
            if (
                (!SharedDatabase || _listening)
                && _snapshot is { } snapshot
                && snapshot.Generation == _generation
                && time.GetElapsedTime(snapshot.ReadAt) <= KeepFor
            )
                return snapshot.Types.Contains(eventType);
            reading = ReadBegunFromNow();
        }
        return (await reading.WaitAsync(ct)).Types.Contains(eventType);
    }

    /// <summary>
    /// A read that begins now, or, while one is under way (it may have missed what the question is about), the one
    /// that begins after it: questions asked meanwhile share it. Called under <see cref="_gate"/>.
    /// </summary>
    private Task<Snapshot> ReadBegunFromNow()
    {
        if (_reading is null || _reading.IsCompleted)
            return _reading = BeginRead();
        return _following ??= FollowAsync(_reading);
    }

    private async Task<Snapshot> FollowAsync(Task<Snapshot> running)
    {
        // The rest runs later, not under the caller's lock: the caller stores this task as _following first.
        await Task.Yield();
        try
        {
            await running;
        }
        catch (Exception)
        {
            // Its own questions see the failure; this read is tried anyway.
        }
        Task<Snapshot> reading;
        lock (_gate)
        {
            _following = null;
            reading = _reading = BeginRead();
        }
        return await reading;
    }

    /// <summary>Called under <see cref="_gate"/>.</summary>
    private Task<Snapshot> BeginRead()
    {
        var generation = _generation;
        return Task.Run(() => ReadAsync(generation));
    }

    private async Task<Snapshot> ReadAsync(long generation)
    {
        var readAt = time.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        var all = await LoadAsync(db, CancellationToken.None);
        // Webhook endpoints listen too: an event someone subscribed a URL to must be raised.
        var webhookTypes = await db
            .WebhookEndpoints.Where(e => e.Enabled)
            .Select(e => e.EventTypes)
            .ToListAsync(CancellationToken.None);
        var snapshot = new Snapshot(
            all.Select(s => s.EventType)
                .Concat(webhookTypes.SelectMany(Webhooks.WebhookEventTypes.Split))
                .ToHashSet(),
            generation,
            readAt
        );
        lock (_gate)
            if (_generation == generation)
                _snapshot = snapshot;
        return snapshot;
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
