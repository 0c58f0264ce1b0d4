using System.Text.Json.Nodes;
using Makini.Flows.Server.Auth;
using Makini.Flows.Server.Bus;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Apis;

/// <summary>
/// Platform events: the catalogue of types, publishing a (test) event, and an event with the runs it started.
/// Not to be confused with <c>Events/EventsApi</c>, the live stream of a run's progress.
/// </summary>
public static class EventsBusApi
{
    public static void MapEventsBusApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/events")
            .WithTags("Events")
            .RequireAuthorization(Roles.AdminPolicy);
        read.MapGet("/types", Types);
        read.MapGet("/{id}", GetAsync);
        app.MapPost("/api/events", PublishAsync)
            .WithTags("Events")
            .RequireAuthorization(Roles.AdminPolicy)
            .DescribesBody<PublishEventRequest>(
                "The event: a type of GET /api/events/types (or an entity event such as work-order.updated), the connection it is about, and its data, checked against the type"
            );
    }

    /// <summary>The body of <c>POST /api/events</c>, read by hand to answer each mistake with its pointer.</summary>
    public sealed record PublishEventRequest(
        string Type,
        string? ConnectionId = null,
        JsonNode? Data = null
    );

    public sealed record EventDetails(
        string Id,
        string Type,
        string? ConnectionId,
        JsonNode? Data,
        DateTime CreatedAt,
        List<StartedRun> Runs
    );

    public sealed record StartedRun(string Id, string FlowId, int FlowVersion, string Status);

    public sealed record Published(string Id, string Type);

    private static Ok<IReadOnlyList<EventType>> Types() => TypedResults.Ok(EventCatalog.All);

    private static async Task<Results<Accepted<Published>, ProblemHttpResult>> PublishAsync(
        HttpRequest request,
        FlowsDbContext db,
        EventBus bus,
        WorkQueue queue,
        CancellationToken ct
    )
    {
        var (body, problem) = await JsonBody.ReadOptionalAsync(request, ct);
        if (problem is not null)
            return problem;
        if (body is not JsonObject fields)
            return Problems.BadRequest("send an object: { type, connectionId?, data }", "");
        if (
            fields["type"] is not JsonValue typeValue
            || !typeValue.TryGetValue<string>(out var type)
            || EventCatalog.Find(type) is null
        )
            return Problems.BadRequest(
                $"'type' must be one of {string.Join(", ", EventCatalog.Types.Select(t => t.Type))}, or an entity event such as work-order.updated",
                "/type"
            );
        string? connectionId = null;
        if (fields["connectionId"] is { } connection)
        {
            if (
                connection is not JsonValue value
                || !value.TryGetValue(out connectionId)
                || connectionId.Length is 0 or > 64
            )
                return Problems.BadRequest(
                    "'connectionId' must be a string of 1 to 64 characters",
                    "/connectionId"
                );
        }
        var data = fields["data"];
        var problems = EventCatalog.Check(type, data);
        if (problems.Count > 0)
            return Problems.BadRequest(
                $"'data' does not fit the schema of {type}: {problems[0].Message}",
                problems[0].Pointer
            );
        var record = bus.Add(db, type, connectionId, data?.DeepClone());
        await db.SaveChangesAsync(ct);
        queue.Signal();
        return TypedResults.Accepted($"/api/events/{record.Id}", new Published(record.Id, type));
    }

    private static async Task<Results<Ok<EventDetails>, ProblemHttpResult>> GetAsync(
        string id,
        FlowsDbContext db,
        CancellationToken ct
    )
    {
        var record = await db.Events.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
        if (record is null)
            return Problems.NotFound($"no event '{id}'");
        var trigger = RunTriggers.Event(record.Type, record.Id);
        var runs = await db
            .Runs.AsNoTracking()
            .Where(r => r.Trigger == trigger)
            .OrderBy(r => r.FlowId)
            .Select(r => new StartedRun(r.Id, r.FlowId, r.FlowVersion, r.Status))
            .ToListAsync(ct);
        return TypedResults.Ok(
            new EventDetails(
                record.Id,
                record.Type,
                record.ConnectionId,
                JsonNode.Parse(record.DataJson),
                record.CreatedAt,
                runs
            )
        );
    }
}
