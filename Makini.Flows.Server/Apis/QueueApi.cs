using Makini.Flows.Server.Auth;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Apis;

/// <summary>The durable queue: its size, its items (dead ones above all), and retrying a dead item.</summary>
public static class QueueApi
{
    public static void MapQueueApi(this IEndpointRouteBuilder app)
    {
        var queue = app.MapGroup("/api/queue")
            .WithTags("Queue")
            .RequireAuthorization(Roles.AdminPolicy);
        queue.MapGet("/", SummaryAsync);
        queue.MapGet("/items", ListAsync);
        queue
            .MapPost("/items/{id:long}/retry", RetryAsync)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<QueueSnapshot>> SummaryAsync(
        FlowsDbContext db,
        TimeProvider time,
        CancellationToken ct
    ) => TypedResults.Ok(await QueueSnapshot.ReadAsync(db, time.GetUtcNow().UtcDateTime, ct));

    private static async Task<Results<Ok<List<WorkItemRecord>>, ProblemHttpResult>> ListAsync(
        FlowsDbContext db,
        string? status,
        string? kind,
        int? limit,
        CancellationToken ct
    )
    {
        string[] statuses =
        [
            WorkStatus.Queued,
            WorkStatus.Leased,
            WorkStatus.Done,
            WorkStatus.Dead,
        ];
        if (status is not null && !statuses.Contains(status))
            return Problems.BadRequest(
                $"status must be one of {string.Join(", ", statuses)}",
                "/query/status"
            );
        if (limit is < 1 or > 1000)
            return Problems.BadRequest("limit must be between 1 and 1000", "/query/limit");
        var items = db.WorkItems.AsNoTracking();
        if (status is not null)
            items = items.Where(w => w.Status == status);
        if (kind is not null)
            items = items.Where(w => w.Kind == kind);
        return TypedResults.Ok(
            await items.OrderByDescending(w => w.Id).Take(limit ?? 100).ToListAsync(ct)
        );
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RetryAsync(
        long id,
        FlowsDbContext db,
        WorkQueue queue,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var now = time.GetUtcNow().UtcDateTime;
        var retried = await db
            .WorkItems.Where(w => w.Id == id && w.Status == WorkStatus.Dead)
            .ExecuteUpdateAsync(
                set =>
                    set.SetProperty(w => w.Status, WorkStatus.Queued)
                        .SetProperty(w => w.Attempts, 0)
                        .SetProperty(w => w.AvailableAt, now)
                        .SetProperty(w => w.UpdatedAt, now),
                ct
            );
        if (retried == 0)
            return await db.WorkItems.AnyAsync(w => w.Id == id, ct)
                ? Problems.Conflict($"work item {id} is not dead: only dead items are retried")
                : Problems.NotFound($"no work item {id}");
        queue.Signal();
        return TypedResults.NoContent();
    }
}
