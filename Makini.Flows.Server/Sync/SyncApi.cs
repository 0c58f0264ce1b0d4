using System.Text.Json;
using Makini.Flows.Server.Auth;
using Makini.Flows.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Sync;

/// <summary>A connection's sync: its state, asking for one now (full or not), and the history of its syncs.</summary>
public static class SyncApi
{
    public static void MapSyncApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/connections/{id}")
            .WithTags("Sync")
            .RequireAuthorization(Roles.AdminPolicy);
        group.MapGet("/sync", GetAsync);
        group.MapPost("/sync", RequestAsync);
        group.MapGet("/syncs", HistoryAsync);
    }

    private static async Task<Results<Ok<SyncView>, ProblemHttpResult>> GetAsync(
        string id,
        FlowsDbContext db,
        CancellationToken ct
    ) =>
        await db.ConnectionSyncs.AsNoTracking().FirstOrDefaultAsync(s => s.ConnectionId == id, ct)
            is { } state
            ? TypedResults.Ok(await SyncView.OfAsync(db, state, ct))
            : NotFound(id);

    private static async Task<Results<Accepted<SyncView>, ProblemHttpResult>> RequestAsync(
        string id,
        bool? full,
        FlowsDbContext db,
        SyncSchedule schedule,
        CancellationToken ct
    )
    {
        if (!await db.ConnectionSyncs.AnyAsync(s => s.ConnectionId == id, ct))
            return NotFound(id);
        await schedule.RequestAsync(db, id, full ?? false, ct);
        var state = await db
            .ConnectionSyncs.AsNoTracking()
            .FirstAsync(s => s.ConnectionId == id, ct);
        return TypedResults.Accepted(
            $"/api/connections/{id}/sync",
            await SyncView.OfAsync(db, state, ct)
        );
    }

    private static async Task<Results<Ok<List<SyncRunView>>, ProblemHttpResult>> HistoryAsync(
        string id,
        int? limit,
        FlowsDbContext db,
        CancellationToken ct
    )
    {
        if (!await db.Connections.AnyAsync(c => c.Id == id, ct))
            return NotFound(id);
        var runs = await db
            .SyncRuns.AsNoTracking()
            .Where(r => r.ConnectionId == id)
            .OrderByDescending(r => r.StartedAt)
            .Take(Math.Clamp(limit ?? 50, 1, 500))
            .ToListAsync(ct);
        return TypedResults.Ok(runs.Select(SyncRunView.Of).ToList());
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "No such connection",
            detail: $"There is no connection '{id}'."
        );
}

/// <summary>A connection's sync as the API shows it.</summary>
public sealed record SyncView(
    string State,
    double? Progress,
    string Interval,
    int BackfillDays,
    DateTime? NextRunAt,
    DateTime? LastStartedAt,
    DateTime? LastSuccessAt,
    SyncErrorView? LastError,
    SyncRunView? Current,
    SyncRunView? Last
)
{
    public static async Task<SyncView> OfAsync(
        FlowsDbContext db,
        ConnectionSyncRecord state,
        CancellationToken ct
    )
    {
        var last = await db
            .SyncRuns.AsNoTracking()
            .Where(r => r.ConnectionId == state.ConnectionId)
            .OrderByDescending(r => r.StartedAt)
            .FirstOrDefaultAsync(ct);
        SyncRunView? current = null;
        if (
            state.CheckpointJson is { } checkpoint
            && JsonSerializer.Deserialize<SyncCheckpoint>(
                checkpoint,
                new JsonSerializerOptions(JsonSerializerDefaults.Web)
            )
                is { } sync
        )
            current = new SyncRunView(
                sync.SyncId,
                sync.Mode,
                sync.Trigger,
                SyncRunStatuses.Running,
                sync.StartedAt,
                null,
                sync.Counts,
                null,
                sync.Remaining.FirstOrDefault()
            );
        double? progress = null;
        if (state.CheckpointJson is not null && current is not null)
        {
            var total = current.Counts.Count;
            var remaining = JsonSerializer
                .Deserialize<SyncCheckpoint>(
                    state.CheckpointJson,
                    new JsonSerializerOptions(JsonSerializerDefaults.Web)
                )!
                .Remaining.Count;
            progress = total == 0 ? 1 : Math.Round((double)(total - remaining) / total, 3);
        }
        return new SyncView(
            state.State,
            progress,
            System.Xml.XmlConvert.ToString(state.Interval),
            state.BackfillDays,
            state.NextRunAt,
            state.LastStartedAt,
            state.LastSuccessAt,
            state.LastErrorCode is null
                ? null
                : new SyncErrorView(
                    state.LastErrorCode,
                    state.LastError ?? "",
                    state.LastErrorEntity,
                    state.LastFailureAt
                ),
            current,
            last is null || last.Id == current?.Id ? null : SyncRunView.Of(last)
        );
    }
}

public sealed record SyncErrorView(string Code, string Message, string? Entity, DateTime? At);

/// <summary>One sync: its mode, trigger, outcome and counts per entity.</summary>
public sealed record SyncRunView(
    string Id,
    string Mode,
    string Trigger,
    string Status,
    DateTime StartedAt,
    DateTime? FinishedAt,
    IReadOnlyDictionary<string, EntityCounts> Counts,
    SyncErrorView? Error,
    string? Entity
)
{
    public static SyncRunView Of(SyncRunRecord run) =>
        new(
            run.Id,
            run.Mode,
            run.Trigger,
            run.Status,
            run.StartedAt,
            run.FinishedAt,
            JsonSerializer.Deserialize<Dictionary<string, EntityCounts>>(
                run.CountsJson,
                new JsonSerializerOptions(JsonSerializerDefaults.Web)
            ) ?? [],
            run.ErrorCode is null
                ? null
                : new SyncErrorView(
                    run.ErrorCode,
                    run.Error ?? "",
                    run.ErrorEntity,
                    run.FinishedAt
                ),
            run.ErrorEntity
        );
}
