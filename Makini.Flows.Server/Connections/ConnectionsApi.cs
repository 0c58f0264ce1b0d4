using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Runtime;
using Makini.Flows.Engine.Validation;
using Makini.Flows.Server.Auth;
using Makini.Flows.Server.Connectors;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Sync;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Connections;

/// <summary>
/// Connections: create (the credentials are checked against the source first; nothing is stored when they fail),
/// list and filter, read, rename and change metadata, delete. Admin keys manage them; a connection token may read
/// its own connection. Its credentials, status and tokens: <see cref="ConnectionActionsApi"/>,
/// <see cref="ConnectionTokensApi"/>.
/// </summary>
public static class ConnectionsApi
{
    public const int DefaultPerPage = 25;
    public const int MaxPerPage = 100;

    public static void MapConnectionsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/connections/{id}", GetAsync)
            .WithTags("Connections")
            .RequireAuthorization(Roles.ConnectionReaderPolicy);
        var connections = app.MapGroup("/api/connections")
            .WithTags("Connections")
            .RequireAuthorization(Roles.AdminPolicy);
        connections.MapGet("/", ListAsync);
        connections
            .MapPost("/", CreateAsync)
            .Accepts<CreateConnectionRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        connections
            .MapPatch("/{id}", UpdateAsync)
            .Accepts<UpdateConnectionRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        connections.MapDelete("/{id}", DeleteAsync);
        connections.MapConnectionActions();
        connections.MapConnectionTokens();
    }

    private static async Task<Results<Ok<ConnectionView>, ProblemHttpResult>> GetAsync(
        string id,
        FlowsDbContext db,
        InstalledConnectors connectors,
        CancellationToken ct
    ) =>
        await db.Connections.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct)
            is { } connection
            ? TypedResults.Ok(ConnectionView.Of(connection, connectors))
            : NotFound(id);

    private static async Task<Results<Ok<ConnectionPage>, ProblemHttpResult>> ListAsync(
        HttpRequest request,
        FlowsDbContext db,
        InstalledConnectors connectors,
        CancellationToken ct,
        string? connector = null,
        string? status = null,
        string? search = null,
        string? sort = null
    )
    {
        var (page, perPage, problem) = Paging(request);
        if (problem is not null)
            return problem;
        if (status is not null && !ConnectionStatuses.All.Contains(status))
            return Problems.BadRequest(
                $"status must be one of {string.Join(", ", ConnectionStatuses.All)}",
                "/query/status"
            );
        var query = db.Connections.AsNoTracking();
        if (!string.IsNullOrEmpty(connector))
            query = query.Where(c => c.ConnectorId == connector);
        if (status is not null)
            query = query.Where(c => c.Status == status);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var text = search.Trim().ToLower();
            query = query.Where(c => c.Name.ToLower().Contains(text));
        }
        IOrderedQueryable<ConnectionRecord> ordered;
        switch (sort ?? "-createdAt")
        {
            case "-createdAt":
                ordered = query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id);
                break;
            case "createdAt":
                ordered = query.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id);
                break;
            case "name":
                ordered = query.OrderBy(c => c.Name).ThenBy(c => c.Id);
                break;
            case "-name":
                ordered = query.OrderByDescending(c => c.Name).ThenByDescending(c => c.Id);
                break;
            default:
                return Problems.BadRequest(
                    "sort must be one of -createdAt (the default), createdAt, name, -name",
                    "/query/sort"
                );
        }
        var total = await query.CountAsync(ct);
        var rows = await ordered.Skip((page - 1) * perPage).Take(perPage).ToListAsync(ct);
        return TypedResults.Ok(
            new ConnectionPage(
                [.. rows.Select(c => ConnectionView.Of(c, connectors))],
                ConnectionPaging.Links(request, page, perPage, total),
                ConnectionPaging.Meta(request, page, perPage, total, rows.Count)
            )
        );
    }

    private static (int Page, int PerPage, ProblemHttpResult? Problem) Paging(HttpRequest request)
    {
        var page = 1;
        var perPage = DefaultPerPage;
        if (
            request.Query.TryGetValue("page", out var pageText)
            && (!int.TryParse(pageText, out page) || page < 1)
        )
            return (0, 0, Problems.BadRequest("page must be a whole number from 1", "/query/page"));
        if (
            request.Query.TryGetValue("per_page", out var perPageText)
            && (!int.TryParse(perPageText, out perPage) || perPage is < 1 or > MaxPerPage)
        )
            return (
                0,
                0,
                Problems.BadRequest(
                    $"per_page must be a whole number from 1 to {MaxPerPage}",
                    "/query/per_page"
                )
            );
        return (page, perPage, null);
    }

    private static async Task<Results<Created<ConnectionView>, ProblemHttpResult>> CreateAsync(
        HttpRequest request,
        InstalledConnectors connectors,
        ConnectionCreator creator,
        CancellationToken ct
    )
    {
        var (body, unreadable) = await ConnectionProblems.ReadObjectAsync(
            request,
            "{ name, connector, credentials, metadata }",
            ct
        );
        if (unreadable is not null)
            return unreadable;
        var problems = new List<FlowProblem>();
        var input = ConnectionInput.ForCreate(body!, connectors, problems);
        var values = input is null
            ? null
            : CredentialValues.Resolve(input.Connector, input.Credentials, problems);
        if (input is null || values is null)
            return Problems.Invalid("The connection is not valid", problems);

        var (connection, failure) = await creator.CreateAsync(
            input.Connector,
            input.Name,
            values,
            input.Metadata,
            ct
        );
        return failure is not null
            ? ConnectionProblems.CheckFailed(failure)
            : TypedResults.Created(
                $"/api/connections/{connection!.Id}",
                ConnectionView.Of(connection, connectors)
            );
    }

    private static async Task<Results<Ok<ConnectionView>, ProblemHttpResult>> UpdateAsync(
        string id,
        HttpRequest request,
        FlowsDbContext db,
        InstalledConnectors connectors,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var (body, unreadable) = await ConnectionProblems.ReadObjectAsync(
            request,
            "{ name?, metadata? }",
            ct
        );
        if (unreadable is not null)
            return unreadable;
        var problems = new List<FlowProblem>();
        var (name, metadataPatch) = ConnectionInput.ForUpdate(body!, problems);
        if (problems.Count > 0)
            return Problems.Invalid("The change is not valid", problems);
        var connection = await db.Connections.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (connection is null)
            return NotFound(id);
        if (metadataPatch is not null)
        {
            var metadata = ConnectionInput.Patch(
                JsonNode.Parse(connection.MetadataJson) as JsonObject ?? [],
                metadataPatch
            );
            ConnectionInput.CheckSize(metadata, problems);
            if (problems.Count > 0)
                return Problems.Invalid("The change is not valid", problems);
            connection.MetadataJson = metadata.ToJsonString();
        }
        if (name is not null)
            connection.Name = name;
        connection.UpdatedAt = Now(time);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ConnectionView.Of(connection, connectors));
    }

    /// <summary>
    /// Deletes the connection with its tokens, its status history, its probe, its records and mappings, and takes it
    /// out of every webhook rule.
    /// </summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id,
        FlowsDbContext db,
        ConnectionTokenCache tokens,
        ConnectorRuntime runtime,
        Records.RecordStore records,
        TimeProvider time,
        CancellationToken ct
    )
    {
        int deleted;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await db.ConnectionTokens.Where(t => t.ConnectionId == id).ExecuteDeleteAsync(ct);
            await db
                .ConnectionStatusChanges.Where(h => h.ConnectionId == id)
                .ExecuteDeleteAsync(ct);
            await ConnectionProbes.RemoveAsync(db, id, ct);
            await SyncSchedule.RemoveAsync(db, id, ct);
            await records.DeleteConnectionAsync(db, id, ct);
            await Webhooks.ConnectionRules.ForgetConnectionAsync(db, id, Now(time), ct);
            deleted = await db.Connections.Where(c => c.Id == id).ExecuteDeleteAsync(ct);
            await transaction.CommitAsync(ct);
        }
        tokens.ForgetConnection(id);
        runtime.Forget(id);
        return deleted == 0 ? NotFound(id) : TypedResults.NoContent();
    }

    /// <summary>
    /// Now, to the microsecond: what PostgreSQL keeps, so that an answer made before the row is read back shows
    /// the times a later read will.
    /// </summary>
    public static DateTime Now(TimeProvider time)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return now.AddTicks(-(now.Ticks % 10));
    }

    public static ProblemHttpResult NotFound(string id) =>
        Problems.NotFound($"no connection '{id}'");
}
