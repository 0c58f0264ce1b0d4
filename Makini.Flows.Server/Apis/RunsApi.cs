using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Validation;
using Makini.Flows.Server.Auth;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Runs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Apis;

/// <summary>Runs: start, list and filter, read, journal, cancel, resume a bookmark, retry from the failure.</summary>
public static class RunsApi
{
    public static void MapRunsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/flows/{flowId}/runs", StartAsync)
            .WithTags("Runs")
            .RequireAuthorization(Roles.RunnerPolicy)
            .DescribesBody<JsonObject>(
                "The run's input: the flow's inputs by name (no body: no input)",
                optional: true
            )
            .ProducesProblem(StatusCodes.Status409Conflict);
        var runs = app.MapGroup("/api/runs")
            .WithTags("Runs")
            .RequireAuthorization(Roles.RunnerPolicy);
        runs.MapGet("/", ListAsync);
        runs.MapGet("/{id}", GetAsync);
        runs.MapGet("/{id}/journal", JournalAsync);
        var control = app.MapGroup("/api/runs")
            .WithTags("Runs")
            .RequireAuthorization(Roles.AdminPolicy);
        control.MapPost("/{id}/cancel", CancelAsync);
        control
            .MapPost("/{id}/bookmarks/{bookmarkId}/resume", ResumeAsync)
            .DescribesBody<JsonNode>(
                "What the waiting activity receives (any JSON; no body: null)",
                optional: true
            );
        control.MapPost("/{id}/retry", RetryAsync);
        // A run that has stopped cannot be cancelled, a bookmark resumed twice, a run that did not fail retried.
        control.ProducesProblem(StatusCodes.Status409Conflict);
    }

    public sealed record RunSummary(
        string Id,
        string FlowId,
        int FlowVersion,
        string Status,
        string? Error,
        DateTime CreatedAt,
        DateTime? FinishedAt
    );

    public sealed record RunDetails(
        string Id,
        string FlowId,
        int FlowVersion,
        string Status,
        RunError? Error,
        JsonNode? Input,
        JsonNode? Output,
        Dictionary<string, JsonNode?> Variables,
        List<Bookmark> Bookmarks,
        DateTime CreatedAt,
        DateTime? FinishedAt
    );

    private static async Task<Results<Created<RunDetails>, ProblemHttpResult>> StartAsync(
        string flowId,
        HttpRequest request,
        FlowsDbContext db,
        RunService runs,
        CancellationToken ct
    )
    {
        var (input, problem) = await JsonBody.ReadOptionalAsync(request, ct);
        if (problem is not null)
            return problem;
        if (!await db.Flows.AnyAsync(f => f.Id == flowId, ct))
            return Problems.NotFound($"no flow '{flowId}'");
        try
        {
            var run = await runs.StartAsync(flowId, input, ct);
            return run is null
                ? Problems.Conflict($"flow '{flowId}' has no published version; publish it first")
                : TypedResults.Created($"/api/runs/{run.Id}", Details(run));
        }
        catch (FlowInputException exception)
        {
            return Problems.Invalid("The input does not fit the flow", exception.Problems);
        }
    }

    private static async Task<Ok<List<RunSummary>>> ListAsync(
        FlowsDbContext db,
        string? flowId,
        string? status,
        DateTime? from,
        DateTime? to,
        int? limit,
        CancellationToken ct
    )
    {
        var query = db.Runs.AsNoTracking();
        if (flowId is not null)
            query = query.Where(r => r.FlowId == flowId);
        if (status is not null)
            query = query.Where(r => r.Status == status);
        if (from is not null)
            query = query.Where(r => r.CreatedAt >= from.Value.ToUniversalTime());
        if (to is not null)
            query = query.Where(r => r.CreatedAt < to.Value.ToUniversalTime());
        var runs = await query
            .OrderByDescending(r => r.CreatedAt)
            .Take(Math.Clamp(limit ?? 100, 1, 1000))
            .Select(r => new RunSummary(
                r.Id,
                r.FlowId,
                r.FlowVersion,
                r.Status,
                r.Error,
                r.CreatedAt,
                r.FinishedAt
            ))
            .ToListAsync(ct);
        return TypedResults.Ok(runs);
    }

    private static async Task<Results<Ok<RunDetails>, ProblemHttpResult>> GetAsync(
        string id,
        FlowsDbContext db,
        CancellationToken ct
    ) =>
        await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is { } run
            ? TypedResults.Ok(Details(run))
            : Problems.NotFound($"no run '{id}'");

    private static async Task<Results<Ok<List<JournalEntry>>, ProblemHttpResult>> JournalAsync(
        string id,
        FlowsDbContext db,
        CancellationToken ct
    ) =>
        await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is { } run
            ? TypedResults.Ok(RunRecords.State(run).Journal)
            : Problems.NotFound($"no run '{id}'");

    private static Task<Results<Ok<RunDetails>, ProblemHttpResult>> CancelAsync(
        string id,
        FlowsDbContext db,
        RunService runs,
        CancellationToken ct
    ) => WithRunAsync(id, db, run => runs.CancelAsync(run, ct), ct);

    private static async Task<Results<Ok<RunDetails>, ProblemHttpResult>> ResumeAsync(
        string id,
        string bookmarkId,
        HttpRequest request,
        FlowsDbContext db,
        RunService runs,
        CancellationToken ct
    )
    {
        var (payload, problem) = await JsonBody.ReadOptionalAsync(request, ct);
        if (problem is not null)
            return problem;
        return await WithRunAsync(
            id,
            db,
            run => runs.ResumeAsync(run, bookmarkId, payload, ct),
            ct
        );
    }

    private static Task<Results<Ok<RunDetails>, ProblemHttpResult>> RetryAsync(
        string id,
        FlowsDbContext db,
        RunService runs,
        CancellationToken ct
    ) => WithRunAsync(id, db, run => runs.RetryAsync(run, ct), ct);

    /// <summary>Applies an operation to a stored run; a run in the wrong state is a 409, not a 500.</summary>
    private static async Task<Results<Ok<RunDetails>, ProblemHttpResult>> WithRunAsync(
        string id,
        FlowsDbContext db,
        Func<RunRecord, Task<RunRecord>> operation,
        CancellationToken ct
    )
    {
        var run = await db.Runs.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (run is null)
            return Problems.NotFound($"no run '{id}'");
        try
        {
            return TypedResults.Ok(Details(await operation(run)));
        }
        catch (KeyNotFoundException exception)
        {
            return Problems.NotFound(exception.Message);
        }
        catch (InvalidOperationException exception)
        {
            return Problems.Conflict(exception.Message);
        }
    }

    private static RunDetails Details(RunRecord run)
    {
        var state = RunRecords.State(run);
        return new RunDetails(
            run.Id,
            run.FlowId,
            run.FlowVersion,
            run.Status,
            state.Error,
            state.Input,
            state.Output,
            state.Variables,
            state.Bookmarks,
            run.CreatedAt,
            run.FinishedAt
        );
    }
}
