using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makini.Flows.Server.Queue;

/// <summary>
/// Puts work on the durable queue. <see cref="Enqueue"/> adds the item to the caller's unit of work, so the
/// item and what it refers to (a new run, say) are committed together or not at all; <see cref="Signal"/>
/// then wakes this node's workers instead of waiting for their next poll.
/// </summary>
public sealed class WorkQueue(IOptions<QueueOptions> options, TimeProvider time)
{
    private TaskCompletionSource _signal = NewSignal();

    /// <summary>This server process, as it appears in <see cref="WorkItemRecord.LeasedBy"/>.</summary>
    public string NodeId { get; } =
        $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";

    public WorkItemRecord Enqueue(
        FlowsDbContext db,
        string kind,
        string payload,
        string? dedupKey = null,
        DateTime? availableAt = null
    )
    {
        var now = time.GetUtcNow().UtcDateTime;
        var item = new WorkItemRecord
        {
            Kind = kind,
            Payload = payload,
            DedupKey = dedupKey,
            Status = WorkStatus.Queued,
            MaxAttempts = options.Value.MaxAttempts,
            AvailableAt = availableAt ?? now,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.WorkItems.Add(item);
        return item;
    }

    /// <summary>
    /// Adds an item already leased to this node, its first attempt counted, for work this node does at once in
    /// the request that creates it (<see cref="HeldWork"/>). Committed with what it refers to, it is the
    /// work's safety net: if this node dies mid-way, the lease runs out and the queue continues the work, and
    /// a crash counts as an attempt like any other.
    /// </summary>
    public WorkItemRecord EnqueueLeased(FlowsDbContext db, string kind, string payload)
    {
        var item = Enqueue(db, kind, payload);
        item.Status = WorkStatus.Leased;
        item.LeasedBy = NodeId;
        item.LeaseUntil = item.CreatedAt + options.Value.Lease;
        item.Attempts = 1;
        return item;
    }

    /// <summary>Adds the item unless one with the same dedup key exists (committed or in this unit of work).</summary>
    public async Task<bool> EnqueueOnceAsync(
        FlowsDbContext db,
        string kind,
        string payload,
        string dedupKey,
        DateTime? availableAt,
        CancellationToken cancellationToken
    )
    {
        if (
            db.WorkItems.Local.Any(w => w.DedupKey == dedupKey)
            || await db.WorkItems.AnyAsync(w => w.DedupKey == dedupKey, cancellationToken)
        )
            return false;
        Enqueue(db, kind, payload, dedupKey, availableAt);
        return true;
    }

    /// <summary>Wakes every worker of this node waiting for work.</summary>
    public void Signal() => Interlocked.Exchange(ref _signal, NewSignal()).TrySetResult();

    /// <summary>
    /// Completes at the next <see cref="Signal"/>. Taken before looking for work, so that a signal sent while
    /// looking is not missed by <see cref="WaitForWorkAsync"/>.
    /// </summary>
    internal Task NextSignal => Volatile.Read(ref _signal).Task;

    /// <summary>Waits for <paramref name="signal"/> or the poll interval, whichever comes first.</summary>
    internal async Task WaitForWorkAsync(Task signal, CancellationToken cancellationToken)
    {
        // Not awaited as a throwing task: the poll interval passing is the common case, not an error.
        await signal
            .WaitAsync(options.Value.PollInterval, cancellationToken)
            .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static TaskCompletionSource NewSignal() =>
        new(TaskCreationOptions.RunContinuationsAsynchronously);
}
