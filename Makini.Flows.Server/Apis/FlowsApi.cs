using System.Text.Json.Nodes;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Serialization;
using Makini.Flows.Engine.Validation;
using Makini.Flows.Server.Auth;
using Makini.Flows.Server.Flows;
using Makini.Flows.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Apis;

/// <summary>Flows: drafts, publishing, versions, revert, export.</summary>
public static class FlowsApi
{
    public static RouteGroupBuilder MapFlowsApi(this IEndpointRouteBuilder app)
    {
        var flows = app.MapGroup("/api/flows")
            .WithTags("Flows")
            .RequireAuthorization(Roles.AdminPolicy);
        flows.MapGet("/", ListAsync);
        flows.MapGet("/{id}", GetAsync);
        flows
            .MapPost("/", CreateAsync)
            .DescribesBody<FlowDefinition>(FlowBody)
            .ProducesProblem(StatusCodes.Status409Conflict);
        flows.MapPut("/{id}", UpdateDraftAsync).DescribesBody<FlowDefinition>(FlowBody);
        flows.MapDelete("/{id}", DeleteAsync);
        flows
            .MapPost("/{id}/publish", PublishAsync)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        flows.MapPost("/{id}/unpublish", UnpublishAsync);
        flows.MapGet("/{id}/versions", VersionsAsync);
        flows.MapGet("/{id}/versions/{version:int}", VersionAsync);
        flows.MapPost("/{id}/versions/{version:int}/revert", RevertAsync);
        flows.MapGet("/{id}/export", ExportAsync);
        return flows;
    }

    private const string FlowBody =
        "A flow document (GET /api/schemas/flow.json). Stored as a draft with the problems it still has, listed in the answer; what is not a flow document at all is refused with every problem's pointer";

    public sealed record FlowSummary(
        string Id,
        string Name,
        string? Description,
        int? PublishedVersion,
        DateTime UpdatedAt,
        string? LastRunStatus
    );

    /// <param name="Problems">
    /// What the draft still has to fix before it can be published, when the call checked it (create, update);
    /// null when it did not (get).
    /// </param>
    public sealed record FlowDetails(
        string Id,
        int? PublishedVersion,
        DateTime UpdatedAt,
        JsonNode Draft,
        IReadOnlyList<FlowProblem>? Problems = null
    );

    public sealed record VersionSummary(int Version, string Hash, DateTime PublishedAt);

    private static async Task<Ok<List<FlowSummary>>> ListAsync(
        FlowsDbContext db,
        string? search,
        CancellationToken ct
    )
    {
        var query = db.Flows.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
            query = query.Where(f => f.Name.Contains(search) || f.Id.Contains(search));
        var flows = await query.OrderBy(f => f.Name).ToListAsync(ct);
        var ids = flows.Select(f => f.Id).ToList();
        var lastRuns = await db
            .Runs.Where(r => ids.Contains(r.FlowId))
            .GroupBy(r => r.FlowId)
            .Select(g =>
                g.OrderByDescending(r => r.CreatedAt)
                    .Select(r => new { r.FlowId, r.Status })
                    .First()
            )
            .ToListAsync(ct);
        return TypedResults.Ok(
            flows
                .Select(f => new FlowSummary(
                    f.Id,
                    f.Name,
                    f.Description,
                    f.PublishedVersion,
                    f.UpdatedAt,
                    lastRuns.FirstOrDefault(r => r.FlowId == f.Id)?.Status
                ))
                .ToList()
        );
    }

    private static async Task<Results<Ok<FlowDetails>, ProblemHttpResult>> GetAsync(
        string id,
        FlowsDbContext db,
        CancellationToken ct
    )
    {
        var flow = await db.Flows.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, ct);
        return flow is null
            ? Problems.NotFound($"no flow '{id}'")
            : TypedResults.Ok(
                new FlowDetails(
                    flow.Id,
                    flow.PublishedVersion,
                    flow.UpdatedAt,
                    JsonNode.Parse(flow.DraftJson)!
                )
            );
    }

    private static async Task<Results<Created<FlowDetails>, ProblemHttpResult>> CreateAsync(
        HttpRequest request,
        FlowsDbContext db,
        FlowEngine engine,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var (flow, problems, refused) = await FlowDocuments.ReadDraftAsync(request, engine, ct);
        if (flow is null)
            return refused!;
        if (await db.Flows.AnyAsync(f => f.Id == flow.Id, ct))
            return Problems.Conflict(
                $"a flow with id '{flow.Id}' exists; update it with PUT /api/flows/{flow.Id}"
            );
        var record = FlowDocuments.NewRecord(flow, time);
        db.Flows.Add(record);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/flows/{record.Id}", Details(record, problems));
    }

    private static async Task<Results<Ok<FlowDetails>, ProblemHttpResult>> UpdateDraftAsync(
        string id,
        HttpRequest request,
        FlowsDbContext db,
        FlowEngine engine,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var record = await db.Flows.FirstOrDefaultAsync(f => f.Id == id, ct);
        if (record is null)
            return Problems.NotFound($"no flow '{id}'");
        var (flow, problems, refused) = await FlowDocuments.ReadDraftAsync(request, engine, ct);
        if (flow is null)
            return refused!;
        if (flow.Id != id)
            return Problems.BadRequest(
                $"the flow's id is '{flow.Id}', but the address names '{id}'",
                "/id"
            );
        FlowDocuments.SetDraft(record, flow, time);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(Details(record, problems));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id,
        FlowsDbContext db,
        FlowTriggers triggers,
        PublishedFlows published,
        CancellationToken ct
    )
    {
        published.Forget(id);
        var deleted = await db.Flows.Where(f => f.Id == id).ExecuteDeleteAsync(ct);
        await triggers.ChangedAsync(ct);
        if (deleted == 0)
            return Problems.NotFound($"no flow '{id}'");
        await db.FlowVersions.Where(v => v.FlowId == id).ExecuteDeleteAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>Takes the flow out of service: its triggers stop (hook route, schedule, events); drafts and versions stay.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> UnpublishAsync(
        string id,
        FlowsDbContext db,
        FlowTriggers triggers,
        CancellationToken ct
    )
    {
        var record = await db.Flows.FirstOrDefaultAsync(f => f.Id == id, ct);
        if (record is null)
            return Problems.NotFound($"no flow '{id}'");
        record.PublishedVersion = null;
        await db.SaveChangesAsync(ct);
        await triggers.ChangedAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<VersionSummary>, ProblemHttpResult>> PublishAsync(
        string id,
        FlowsDbContext db,
        FlowEngine engine,
        FlowPublisher publisher,
        CancellationToken ct
    )
    {
        var record = await db.Flows.FirstOrDefaultAsync(f => f.Id == id, ct);
        if (record is null)
            return Problems.NotFound($"no flow '{id}'");
        var validation = engine.Validator.Validate(record.DraftJson, out var flow);
        if (validation.HasErrors || flow is null)
            return Problems.Invalid(
                "The draft has errors; fix them before publishing",
                validation.Problems
            );
        FlowVersionRecord version;
        try
        {
            version = await publisher.PublishAsync(record, flow, ct);
        }
        catch (RouteConflictException conflict)
        {
            return conflict.ToProblem();
        }
        return TypedResults.Ok(
            new VersionSummary(version.Version, version.Hash, version.PublishedAt)
        );
    }

    private static async Task<Results<Ok<List<VersionSummary>>, ProblemHttpResult>> VersionsAsync(
        string id,
        FlowsDbContext db,
        CancellationToken ct
    )
    {
        if (!await db.Flows.AnyAsync(f => f.Id == id, ct))
            return Problems.NotFound($"no flow '{id}'");
        var versions = await db
            .FlowVersions.Where(v => v.FlowId == id)
            .OrderByDescending(v => v.Version)
            .Select(v => new VersionSummary(v.Version, v.Hash, v.PublishedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(versions);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> VersionAsync(
        string id,
        int version,
        FlowsDbContext db,
        CancellationToken ct
    )
    {
        var record = await db
            .FlowVersions.AsNoTracking()
            .FirstOrDefaultAsync(v => v.FlowId == id && v.Version == version, ct);
        return record is null
            ? Problems.NotFound($"flow '{id}' has no version {version}")
            : TypedResults.Content(record.Json, "application/json");
    }

    private static async Task<Results<Ok<FlowDetails>, ProblemHttpResult>> RevertAsync(
        string id,
        int version,
        FlowsDbContext db,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var record = await db.Flows.FirstOrDefaultAsync(f => f.Id == id, ct);
        var old = await db
            .FlowVersions.AsNoTracking()
            .FirstOrDefaultAsync(v => v.FlowId == id && v.Version == version, ct);
        if (record is null || old is null)
            return Problems.NotFound($"flow '{id}' has no version {version}");
        FlowDocuments.SetDraft(record, FlowJson.Deserialize(old.Json), time);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(Details(record));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(
        string id,
        FlowsDbContext db,
        CancellationToken ct
    )
    {
        var record = await db.Flows.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, ct);
        return record is null
            ? Problems.NotFound($"no flow '{id}'")
            : TypedResults.File(
                System.Text.Encoding.UTF8.GetBytes(record.DraftJson),
                "application/json",
                $"{record.Id}.flow.json"
            );
    }

    private static FlowDetails Details(
        FlowRecord record,
        IReadOnlyList<FlowProblem>? problems = null
    ) =>
        new(
            record.Id,
            record.PublishedVersion,
            record.UpdatedAt,
            JsonNode.Parse(record.DraftJson)!,
            problems
        );
}
