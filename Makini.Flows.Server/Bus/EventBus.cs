using System.Text.Json.Nodes;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;

namespace Makini.Flows.Server.Bus;

/// <summary>
/// Publishes platform events durably: the event and the queue item that dispatches it are added to the caller's
/// unit of work, so they are committed together with whatever caused the event, or not at all. After saving,
/// call <see cref="WorkQueue.Signal"/> to dispatch at once instead of at the next poll.
/// </summary>
public sealed class EventBus(WorkQueue queue, TimeProvider time)
{
    /// <summary>The dedup key of an event's dispatch item is this followed by the event's id.</summary>
    public const string DispatchKeyPrefix = "dispatch:";

    public EventRecord Add(FlowsDbContext db, string type, string? connectionId, JsonNode? data)
    {
        var record = new EventRecord
        {
            Id = Guid.NewGuid().ToString("N"),
            Type = type,
            ConnectionId = connectionId,
            DataJson = (data ?? new JsonObject()).ToJsonString(),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Events.Add(record);
        queue.Enqueue(db, WorkKinds.Event, record.Id, DispatchKeyPrefix + record.Id);
        return record;
    }

    /// <summary>The event as flows see it: the run's input, and what an EventTrigger's filter reads as <c>input</c>.</summary>
    public static JsonObject AsInput(EventRecord record) =>
        new()
        {
            ["id"] = record.Id,
            ["type"] = record.Type,
            ["connectionId"] = record.ConnectionId,
            ["data"] = JsonNode.Parse(record.DataJson),
            ["createdAt"] = record.CreatedAt.ToString("O"),
        };
}
