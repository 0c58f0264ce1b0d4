using Makini.Flows.Engine.Runtime;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Runs;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Queue;

/// <summary>Resumes a suspended run at one of its timer bookmarks (a Delay that ended).</summary>
public sealed class ResumeWork(FlowsDbContext db, RunService runs, IRunLock locks) : IWorkHandler
{
    public static string Payload(string runId, string bookmarkId) => $"{runId}/{bookmarkId}";

    public async Task HandleAsync(WorkItemRecord item, CancellationToken cancellationToken)
    {
        var (runId, bookmarkId) = item.Payload.Split('/') is [var run, var bookmark]
            ? (run, bookmark)
            : throw new FormatException($"'{item.Payload}' is not runId/bookmarkId");
        await using var held =
            await locks.TryAcquireAsync(runId, cancellationToken)
            ?? throw new RunBusyException(runId);
        var record = await db.Runs.FirstOrDefaultAsync(r => r.Id == runId, cancellationToken);
        // Already resumed (through the API, or by this item before a crash), cancelled or deleted: nothing to do.
        if (
            record is null
            || record.Status != nameof(RunStatus.Suspended)
            || !RunRecords.State(record).AllBookmarks().Any(b => b.Id == bookmarkId)
        )
            return;
        await runs.ResumeAsync(record, bookmarkId, null, cancellationToken);
    }
}
