using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Unified;
using Makini.Flows.Server.Bus;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Records;

namespace Makini.Flows.Server.Sync;

/// <summary>
/// The events a sync raises: per record change <c>{entity}.inserted|updated|deleted</c> (only for types some flow or
/// webhook endpoint listens to, so a first sync of 100,000 records floods no one), and per sync
/// <c>sync.completed</c> or <c>sync.failed</c>. They are added to the sync's own unit of work, so they are
/// committed with the page that caused them, once.
/// </summary>
public sealed class SyncEvents(EventBus bus, EventSubscriptions subscriptions)
{
    public static string EntityEventType(UnifiedEntity entity, RecordChangeKind kind) =>
        $"{entity.EventName}.{kind.ToString().ToLowerInvariant()}";

    public async Task<int> AddChangesAsync(
        FlowsDbContext db,
        string connectionId,
        UnifiedEntity entity,
        IReadOnlyList<RecordChange> changes,
        CancellationToken cancellationToken
    )
    {
        var raised = 0;
        var listened = new Dictionary<RecordChangeKind, bool>();
        foreach (var change in changes)
        {
            if (!listened.TryGetValue(change.Kind, out var any))
                listened[change.Kind] = any = await subscriptions.AnyListensToAsync(
                    EntityEventType(entity, change.Kind),
                    cancellationToken
                );
            if (!any)
                continue;
            bus.Add(db, EntityEventType(entity, change.Kind), connectionId, Data(entity, change));
            raised++;
        }
        return raised;
    }

    /// <summary>Whether updates of the entity are listened to: then a page reads what it overwrites, to say what changed.</summary>
    public Task<bool> WantsChangedFieldsAsync(UnifiedEntity entity, CancellationToken ct) =>
        subscriptions.AnyListensToAsync(EntityEventType(entity, RecordChangeKind.Updated), ct);

    private static JsonObject Data(UnifiedEntity entity, RecordChange change)
    {
        var data = new JsonObject
        {
            ["entity"] = entity.Name,
            ["key"] = change.Key,
            ["record"] = change.Unified.DeepClone(),
        };
        if (change.ChangedFields() is { } changed)
            data["changedFields"] = new JsonArray([.. changed.Select(f => (JsonNode)f)]);
        return data;
    }

    public void Completed(
        FlowsDbContext db,
        string connectionId,
        SyncCheckpoint sync,
        DateTime finishedAt,
        IReadOnlyDictionary<string, DateTime?> windows
    )
    {
        var entities = new JsonObject();
        foreach (var (name, counts) in sync.Counts)
            entities[name] = new JsonObject
            {
                ["inserted"] = counts.Inserted,
                ["updated"] = counts.Updated,
                ["deleted"] = counts.Deleted,
                ["unchanged"] = counts.Unchanged,
                ["pages"] = counts.Pages,
                ["since"] = windows.GetValueOrDefault(name)?.ToString("O"),
            };
        bus.Add(
            db,
            Activities.Triggers.EventTypes.SyncCompleted,
            connectionId,
            new JsonObject
            {
                ["syncId"] = sync.SyncId,
                ["mode"] = sync.Mode,
                ["startedAt"] = sync.StartedAt.ToString("O"),
                ["finishedAt"] = finishedAt.ToString("O"),
                ["durationMs"] = (long)(finishedAt - sync.StartedAt).TotalMilliseconds,
                ["entities"] = entities,
            }
        );
    }

    public void Failed(
        FlowsDbContext db,
        string connectionId,
        string syncId,
        string code,
        string message,
        string? entity,
        DateTime? nextAttemptAt
    ) =>
        bus.Add(
            db,
            Activities.Triggers.EventTypes.SyncFailed,
            connectionId,
            new JsonObject
            {
                ["syncId"] = syncId,
                ["code"] = code,
                ["message"] = message,
                ["entity"] = entity,
                ["nextAttemptAt"] = nextAttemptAt?.ToString("O"),
            }
        );
}
