using System.Text.Json;
using Makini.Flows.Activities.Triggers;
using Makini.Flows.Server.Queue;

namespace Makini.Flows.Server.Schedules;

/// <summary>
/// The payload of a schedule's queue item (<see cref="WorkKinds.ScheduleFire"/>): which schedule, its next planned
/// fire, and the <see cref="ScheduleSpec.Fingerprint"/> that fire was planned with. The fire is kept here rather
/// than read from the item's due time, which a retry moves.
/// </summary>
public sealed record ScheduleItem(
    string FlowId,
    string ActivityId,
    DateTime FireAt,
    string Fingerprint
)
{
    public string DedupKey => KeyOf(FlowId, ActivityId);

    public static string KeyOf(string flowId, string activityId) =>
        $"schedule-fire:{flowId}/{activityId}";

    public string ToPayload() => JsonSerializer.Serialize(this);

    public static ScheduleItem FromPayload(string payload) =>
        JsonSerializer.Deserialize<ScheduleItem>(payload)
        ?? throw new InvalidOperationException($"not a schedule item: {payload}");

    /// <summary>Queues <paramref name="item"/> (tracked by the caller's unit of work) again for this fire, as new.</summary>
    public void ApplyTo(WorkItemRecord item, DateTime now)
    {
        item.Payload = ToPayload();
        item.RequeueFresh(FireAt, now);
    }
}
