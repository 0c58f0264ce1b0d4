using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Queue;

/// <summary>
/// Claims, renews, finishes and retries work items. Claiming is one statement that walks the queued items of
/// the wanted kinds in the order they fell due (the <c>(Status, Kind, AvailableAt)</c> index): on PostgreSQL the
/// candidate rows are locked with <c>FOR UPDATE SKIP LOCKED</c>, so nodes claiming at once never get the same
/// item and never wait for each other; SQLite has a single writer, so the same statement is atomic there without
/// it. Items whose lease ran out are first put back in the queue by <see cref="RequeueExpiredAsync"/>. Every later
/// change checks the lease holder, so a node that lost its lease cannot overwrite the new holder.
/// </summary>
public static class WorkClaims
{
    /// <summary>
    /// Claims up to <paramref name="count"/> due items of the given <paramref name="kinds"/> (each worker claims
    /// the kinds it has handlers for).
    /// </summary>
    public static Task<List<WorkItemRecord>> ClaimAsync(
        FlowsDbContext db,
        string nodeId,
        int count,
        DateTime now,
        TimeSpan lease,
        IReadOnlyList<string> kinds,
        CancellationToken cancellationToken
    ) => ClaimAsync(db, nodeId, count, now, lease, kinds, null, cancellationToken);

    /// <summary>
    /// Claims as <see cref="ClaimAsync(FlowsDbContext, string, int, DateTime, TimeSpan, IReadOnlyList{string}, CancellationToken)"/>,
    /// only among the items that also meet <paramref name="condition"/> (the others stay queued for a later claim);
    /// with <paramref name="dueBy"/>, the items due by then rather than by <paramref name="now"/> (a handler that
    /// prepares its work ahead of the due time, as schedule fires do).
    /// </summary>
    public static Task<List<WorkItemRecord>> ClaimAsync(
        FlowsDbContext db,
        string nodeId,
        int count,
        DateTime now,
        TimeSpan lease,
        IReadOnlyList<string> kinds,
        ClaimCondition? condition,
        CancellationToken cancellationToken,
        DateTime? dueBy = null
    ) =>
        db
            .WorkItems.FromSqlRaw(
                ClaimSql(db.Database.IsNpgsql(), kinds.Count, condition),
                [
                    nodeId,
                    now + lease,
                    now,
                    count,
                    dueBy ?? now,
                    .. kinds,
                    .. condition?.Arguments ?? [],
                ]
            )
            .AsNoTracking()
            .ToListAsync(cancellationToken);

    private static string ClaimSql(bool onPostgres, int kinds, ClaimCondition? condition)
    {
        var kindList = string.Join(", ", Enumerable.Range(5, kinds).Select(i => $"{{{i}}}"));
        var locking = onPostgres ? " FOR UPDATE SKIP LOCKED" : "";
        var also = condition is null ? "" : $" AND ({condition.Sql(5 + kinds)})";
        return $$"""
            UPDATE work_items
            SET "Status" = 'Leased', "LeasedBy" = {0}, "LeaseUntil" = {1},
                "Attempts" = "Attempts" + 1, "UpdatedAt" = {2}
            WHERE "Id" IN (
                SELECT "Id" FROM work_items
                WHERE "Status" = 'Queued' AND "Kind" IN ({{kindList}}) AND "AvailableAt" <= {4}{{also}}
                ORDER BY "AvailableAt"
                LIMIT {3}{{locking}})
            RETURNING *
            """;
    }

    /// <summary>
    /// Queues again the items whose lease ran out (their node died or stalled), keeping their place in the
    /// queue; the next claim counts the attempt. Returns how many.
    /// </summary>
    public static Task<int> RequeueExpiredAsync(
        FlowsDbContext db,
        DateTime now,
        CancellationToken cancellationToken
    ) =>
        db
            .WorkItems.Where(w => w.Status == WorkStatus.Leased && w.LeaseUntil < now)
            .ExecuteUpdateAsync(
                set =>
                    set.SetProperty(w => w.Status, WorkStatus.Queued)
                        .SetProperty(w => w.LeasedBy, (string?)null)
                        .SetProperty(w => w.LeaseUntil, (DateTime?)null)
                        .SetProperty(w => w.UpdatedAt, now),
                cancellationToken
            );

    /// <summary>Extends the lease; false when this node no longer holds it.</summary>
    public static async Task<bool> RenewAsync(
        FlowsDbContext db,
        long id,
        string nodeId,
        DateTime until,
        CancellationToken cancellationToken
    ) =>
        await HeldBy(db, id, nodeId)
            .ExecuteUpdateAsync(set => set.SetProperty(w => w.LeaseUntil, until), cancellationToken)
        == 1;

    /// <summary>Extends the leases this node still holds among <paramref name="ids"/>; returns how many.</summary>
    public static Task<int> RenewAllAsync(
        FlowsDbContext db,
        IReadOnlyCollection<long> ids,
        string nodeId,
        DateTime until,
        CancellationToken cancellationToken
    ) =>
        HeldBy(db, ids, nodeId)
            .ExecuteUpdateAsync(
                set => set.SetProperty(w => w.LeaseUntil, until),
                cancellationToken
            );

    /// <summary>Which of <paramref name="ids"/> this node still holds.</summary>
    public static Task<List<long>> HeldAmongAsync(
        FlowsDbContext db,
        IReadOnlyCollection<long> ids,
        string nodeId,
        CancellationToken cancellationToken
    ) => HeldBy(db, ids, nodeId).Select(w => w.Id).ToListAsync(cancellationToken);

    /// <summary>
    /// Marks done the items this node still holds among <paramref name="ids"/>; meant to run in the transaction
    /// that records their outcome, so outcome and done-marking are committed together.
    /// </summary>
    public static Task<int> CompleteAllAsync(
        FlowsDbContext db,
        IReadOnlyCollection<long> ids,
        string nodeId,
        DateTime now,
        CancellationToken cancellationToken
    ) => MarkDone(HeldBy(db, ids, nodeId), now, cancellationToken);

    public static Task<int> CompleteAsync(
        FlowsDbContext db,
        long id,
        string nodeId,
        DateTime now,
        CancellationToken cancellationToken
    ) => MarkDone(HeldBy(db, id, nodeId), now, cancellationToken);

    private static Task<int> MarkDone(
        IQueryable<WorkItemRecord> items,
        DateTime now,
        CancellationToken cancellationToken
    ) =>
        items.ExecuteUpdateAsync(
            set =>
                set.SetProperty(w => w.Status, WorkStatus.Done)
                    .SetProperty(w => w.LeaseUntil, (DateTime?)null)
                    .SetProperty(w => w.LastError, (string?)null)
                    .SetProperty(w => w.UpdatedAt, now),
            cancellationToken
        );

    /// <summary>
    /// Hands a claimed item back, due after <paramref name="after"/> (this node is stopping, or the work must
    /// wait): the attempt does not count.
    /// </summary>
    public static Task<int> ReleaseAsync(
        FlowsDbContext db,
        long id,
        string nodeId,
        DateTime now,
        TimeSpan after
    ) =>
        HeldBy(db, id, nodeId)
            .ExecuteUpdateAsync(set =>
                set.SetProperty(w => w.Status, WorkStatus.Queued)
                    .SetProperty(w => w.Attempts, w => w.Attempts - 1)
                    .SetProperty(w => w.AvailableAt, now + after)
                    .SetProperty(w => w.LeaseUntil, (DateTime?)null)
                    .SetProperty(w => w.UpdatedAt, now)
            );

    /// <summary>Queues the item again after <paramref name="retryAt"/>, or makes it dead when that is null.</summary>
    public static Task<int> FailAsync(
        FlowsDbContext db,
        long id,
        string nodeId,
        string error,
        DateTime now,
        DateTime? retryAt,
        CancellationToken cancellationToken
    ) =>
        HeldBy(db, id, nodeId)
            .ExecuteUpdateAsync(
                set =>
                    set.SetProperty(
                            w => w.Status,
                            retryAt is null ? WorkStatus.Dead : WorkStatus.Queued
                        )
                        .SetProperty(w => w.AvailableAt, w => retryAt ?? w.AvailableAt)
                        .SetProperty(w => w.LeaseUntil, (DateTime?)null)
                        .SetProperty(w => w.LastError, error)
                        .SetProperty(w => w.UpdatedAt, now),
                cancellationToken
            );

    /// <summary>The item, if this node still holds its lease: every change after the claim goes through here.</summary>
    private static IQueryable<WorkItemRecord> HeldBy(FlowsDbContext db, long id, string nodeId) =>
        db.WorkItems.Where(w =>
            w.Id == id && w.LeasedBy == nodeId && w.Status == WorkStatus.Leased
        );

    private static IQueryable<WorkItemRecord> HeldBy(
        FlowsDbContext db,
        IReadOnlyCollection<long> ids,
        string nodeId
    ) =>
        db.WorkItems.Where(w =>
            ids.Contains(w.Id) && w.LeasedBy == nodeId && w.Status == WorkStatus.Leased
        );
}

/// <summary>
/// A further condition on the items a claim may take, in SQL over the columns of <c>work_items</c>.
/// <see cref="Sql"/> is given the number of the first placeholder its <see cref="Arguments"/> take (written
/// <c>{n}</c>, <c>{n+1}</c>... as in <c>FromSqlRaw</c>).
/// </summary>
public sealed record ClaimCondition(Func<int, string> Sql, IReadOnlyList<object> Arguments);
