using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Serialization;
using Makini.Flows.Server.Hooks;
using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Flows;

/// <summary>Publishing: the flow's draft becomes the next numbered, immutable version.</summary>
public sealed class FlowPublisher(
    FlowsDbContext db,
    FlowEngine engine,
    HookRoutes routes,
    FlowTriggers triggers,
    TimeProvider time
)
{
    /// <summary>Publishes; throws <see cref="RouteConflictException"/> when another flow owns its hook route.</summary>
    public async Task<FlowVersionRecord> PublishAsync(
        FlowRecord record,
        FlowDefinition flow,
        CancellationToken ct
    )
    {
        if (HookRoutes.Of(flow, 0) is { } route)
        {
            // Read now, not from the cache: a route published a moment ago must count.
            routes.Invalidate();
            var taken = (await routes.AllAsync(ct)).FirstOrDefault(other =>
                other.FlowId != flow.Id
                && other.Path == route.Path
                && other.Methods.Intersect(route.Methods).Any()
            );
            if (taken is not null)
                throw new RouteConflictException(
                    $"/hooks/{route.Path} is already served by flow '{taken.FlowId}': give this flow's HttpTrigger another path, or unpublish '{taken.FlowId}' first",
                    taken.FlowId
                );
        }
        var next =
            (
                await db
                    .FlowVersions.Where(v => v.FlowId == record.Id)
                    .MaxAsync(v => (int?)v.Version, ct)
                ?? 0
            ) + 1;
        var version = new FlowVersionRecord
        {
            FlowId = record.Id,
            Version = next,
            Json = FlowJson.Serialize(flow),
            Hash = engine.Prepare(flow).Hash,
            PublishedAt = time.GetUtcNow().UtcDateTime,
        };
        db.FlowVersions.Add(version);
        record.PublishedVersion = next;
        await db.SaveChangesAsync(ct);
        // Inside the caller's transaction (an import) other connections cannot see the version yet: the caller
        // reports the change once it has committed.
        if (db.Database.CurrentTransaction is null)
            await triggers.ChangedAsync(ct);
        return version;
    }
}

/// <summary>A flow's hook route is served by another published flow, <see cref="OwnerFlowId"/>.</summary>
public sealed class RouteConflictException(string message, string ownerFlowId) : Exception(message)
{
    public string OwnerFlowId { get; } = ownerFlowId;

    /// <summary>The 409 that says which flow owns the route.</summary>
    public Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult ToProblem() =>
        TypedResults.Problem(
            title: "Conflict",
            detail: Message,
            statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["flowId"] = OwnerFlowId }
        );
}
