namespace Makini.Flows.Server.Queue;

/// <summary>
/// A piece of background work (run a run, dispatch an event, fire a schedule, deliver a webhook), stored so
/// that no crash loses it. One node at a time holds it, under a lease it renews while it works.
/// </summary>
public sealed class WorkItemRecord
{
    public long Id { get; set; }

    /// <summary>What to do (<see cref="WorkKinds"/>); the handler of that kind reads <see cref="Payload"/>.</summary>
    public required string Kind { get; set; }
    public required string Payload { get; set; }

    /// <summary>Unique when set: a second item with the same key is refused (a schedule's double fire, say).</summary>
    public string? DedupKey { get; set; }

    public required string Status { get; set; }
    public int Attempts { get; set; }
    public int MaxAttempts { get; set; }

    /// <summary>Not claimed before this time (a retry's backoff, a Delay's end).</summary>
    public DateTime AvailableAt { get; set; }

    public string? LeasedBy { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>
    /// Queues a recurring item (a probe, a sync) again, due at <paramref name="due"/>, as if new: no attempts, no
    /// holder, no error. For an item the caller's unit of work tracks.
    /// </summary>
    public void RequeueFresh(DateTime due, DateTime now)
    {
        Status = WorkStatus.Queued;
        Attempts = 0;
        AvailableAt = due;
        LeasedBy = null;
        LeaseUntil = null;
        LastError = null;
        UpdatedAt = now;
    }
}

public static class WorkStatus
{
    public const string Queued = "Queued";
    public const string Leased = "Leased";
    public const string Done = "Done";

    /// <summary>Failed <see cref="WorkItemRecord.MaxAttempts"/> times; waits for an operator (retry through the API).</summary>
    public const string Dead = "Dead";
}

public static class WorkKinds
{
    /// <summary>Payload: a run id. Executes a stored Running run from its last checkpoint.</summary>
    public const string Run = "run";

    /// <summary>Payload: run id and bookmark id (<see cref="ResumeWork"/>). Resumes a run whose timer ended.</summary>
    public const string Resume = "resume";

    /// <summary>Payload: an event id. Starts a run of every published flow whose EventTrigger matches the event.</summary>
    public const string Event = "event";

    /// <summary>
    /// Payload: a schedule and its next fire (<see cref="Schedules.ScheduleItem"/>); dedup key
    /// <c>schedule-fire:{flowId}/{activityId}</c>. One item per published ScheduleTrigger, worked in batches: each
    /// fire starts a run and queues the same item again for the next fire.
    /// </summary>
    public const string ScheduleFire = "schedule-fire";

    /// <summary>
    /// Payload: a run id. A scheduled run with <c>overlap = queue</c>: handed to <see cref="Run"/> once no earlier run
    /// of the same schedule is unfinished, checked again a little later until then.
    /// </summary>
    public const string ScheduleTurn = "schedule-turn";

    /// <summary>
    /// Payload: a webhook delivery id; dedup key <c>webhook:{deliveryId}:{attempt}</c>. One attempt of a delivery.
    /// </summary>
    public const string Webhook = "webhook";

    /// <summary>
    /// Payload: a connection id; dedup key <c>probe:{connectionId}</c>. The connection's periodic check; the one item
    /// is queued again for the next probe instead of being done (<see cref="Connections.ConnectionProbes"/>).
    /// </summary>
    public const string ConnectionProbe = "connection-probe";

    /// <summary>A connection's recurring sync (one item per connection, queued again for its next slot).</summary>
    public const string ConnectionSync = "connection-sync";

    /// <summary>
    /// A new connection's sync item until its first sync succeeds (then it becomes <see cref="ConnectionSync"/>):
    /// worked by a pool of its own, so that a burst of new connections does not hold up the others' schedule.
    /// </summary>
    public const string ConnectionFirstSync = "connection-first-sync";
}
