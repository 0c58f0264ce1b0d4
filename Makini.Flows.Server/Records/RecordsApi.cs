using Makini.Flows.Connectors.Unified;
using Makini.Flows.Server.Auth;
using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Records;

/// <summary>Which records endpoint a route is, for the OpenAPI document (<see cref="RecordsOpenApi"/>).</summary>
public sealed record RecordsEndpoint(UnifiedEntity Entity, RecordsEndpointKind Kind);

public enum RecordsEndpointKind
{
    List,
    Get,
    Statuses,
    CustomFields,
}

/// <summary>
/// The unified records API, as Makini's EAM API: <c>GET /api/eam/{entity}</c> (filtered, sorted, paged),
/// <c>GET /api/eam/{entity}/{key}</c> and <c>GET /api/eam/statuses/{entity}</c>, for every unified entity. Read by a
/// connection token (its own connection) or an admin key (the connection in <c>X-Connection-Id</c>); rate limited
/// per key (<see cref="RecordRateLimits"/>).
/// </summary>
public static class RecordsApi
{
    public static void MapRecordsApi(this IEndpointRouteBuilder app)
    {
        var eam = app.MapGroup(RecordProblems.Prefix)
            .RequireAuthorization(Roles.ConnectionReaderPolicy)
            .RequireRateLimiting(RecordRateLimits.Policy)
            .AddEndpointFilter(
                async (context, next) =>
                {
                    context.HttpContext.Response.Headers[RecordProblems.RequestIdHeader] = context
                        .HttpContext
                        .TraceIdentifier;
                    return await next(context);
                }
            );
        foreach (var entity in UnifiedModel.Entities)
        {
            eam.MapGet(
                    $"/{entity.Name}",
                    (HttpContext http, FlowsDbContext db, CancellationToken ct) =>
                        ListAsync(entity, http, db, ct)
                )
                .WithTags(entity.SchemaName)
                .WithSummary($"List {entity.SchemaName}")
                .WithMetadata(new RecordsEndpoint(entity, RecordsEndpointKind.List));
            eam.MapGet(
                    $"/{entity.Name}/{{key}}",
                    (string key, HttpContext http, FlowsDbContext db, CancellationToken ct) =>
                        GetAsync(entity, key, http, db, ct)
                )
                .WithTags(entity.SchemaName)
                .WithSummary($"Get a {entity.SchemaName}")
                .WithMetadata(new RecordsEndpoint(entity, RecordsEndpointKind.Get));
            eam.MapGet(
                    $"/{entity.Name}/custom-fields",
                    (HttpContext http, FlowsDbContext db, CancellationToken ct) =>
                        CustomFieldsAsync(entity, http, db, ct)
                )
                .WithTags(entity.SchemaName)
                .WithSummary($"List the custom fields of {entity.SchemaName}")
                .WithMetadata(new RecordsEndpoint(entity, RecordsEndpointKind.CustomFields));
            if (entity.Fields.ContainsKey("statusKey"))
                eam.MapGet(
                        $"/statuses/{entity.Name}",
                        (HttpContext http, FlowsDbContext db, CancellationToken ct) =>
                            StatusesAsync(entity, http, db, ct)
                    )
                    .WithTags("Status")
                    .WithSummary($"List the statuses of {entity.SchemaName}")
                    .WithMetadata(new RecordsEndpoint(entity, RecordsEndpointKind.Statuses));
        }
        eam.MapGet("/{entity}", (string entity) => UnknownEntity(entity)).ExcludeFromDescription();
        eam.MapGet("/{entity}/{key}", (string entity) => UnknownEntity(entity))
            .ExcludeFromDescription();
        eam.MapGet(
                "/statuses/{entity}",
                (string entity) =>
                    RecordProblems.Missing(
                        UnifiedModel.Find(entity) is null
                            ? UnknownEntityMessage(entity)
                            : $"{entity} have no statuses"
                    )
            )
            .ExcludeFromDescription();
    }

    private static async Task<IResult> ListAsync(
        UnifiedEntity entity,
        HttpContext http,
        FlowsDbContext db,
        CancellationToken ct
    )
    {
        var (connectionId, refused) = await RecordScope.ResolveAsync(http, db, ct);
        if (refused is not null)
            return refused;
        var parameters = Parameters(http).ToList();
        var customFields = parameters.Any(p =>
            p.Key.Contains("customFields.", StringComparison.Ordinal)
        )
            ? await CustomFieldTypesAsync(http, db, connectionId!, entity, ct)
            : null;
        var query = RecordQueryParser.Parse(parameters, entity, customFields, out var problem);
        if (query is null)
            return RecordProblems.Invalid(problem!.Parameter, problem.Message);
        var page = await RecordReader.ListAsync(db, connectionId!, entity.Name, query, ct);
        return RecordJson.Page(
            page.Records,
            RecordPaging.Of(
                http.Request,
                query.Page,
                query.PerPage,
                page.Total,
                page.Records.Count
            ),
            entity
        );
    }

    /// <summary>The connection's custom fields of the entity: name, type, where the value comes from.</summary>
    private static async Task<IResult> CustomFieldsAsync(
        UnifiedEntity entity,
        HttpContext http,
        FlowsDbContext db,
        CancellationToken ct
    )
    {
        var (connectionId, refused) = await RecordScope.ResolveAsync(http, db, ct);
        if (refused is not null)
            return refused;
        var mapping = await CurrentMappingAsync(http, db, connectionId!, entity, ct);
        return TypedResults.Ok(
            new
            {
                data = (mapping?.CustomFields ?? []).Select(c => new
                {
                    name = c.Name,
                    type = c.Type,
                    source = c.Source,
                    description = c.Description,
                }),
            }
        );
    }

    private static async Task<IReadOnlyDictionary<string, string>> CustomFieldTypesAsync(
        HttpContext http,
        FlowsDbContext db,
        string connectionId,
        UnifiedEntity entity,
        CancellationToken ct
    ) =>
        (await CurrentMappingAsync(http, db, connectionId, entity, ct))?.CustomFields.ToDictionary(
            c => c.Name,
            c => c.Type,
            StringComparer.Ordinal
        ) ?? new Dictionary<string, string>();

    private static async Task<Makini.Flows.Connectors.Mappings.ConnectionMapping?> CurrentMappingAsync(
        HttpContext http,
        FlowsDbContext db,
        string connectionId,
        UnifiedEntity entity,
        CancellationToken ct
    )
    {
        var connectorId = await db
            .Connections.AsNoTracking()
            .Where(c => c.Id == connectionId)
            .Select(c => c.ConnectorId)
            .FirstAsync(ct);
        return await http
            .RequestServices.GetRequiredService<Mappings.ConnectionMappings>()
            .CurrentAsync(db, connectionId, connectorId, entity, ct);
    }

    private static async Task<IResult> GetAsync(
        UnifiedEntity entity,
        string key,
        HttpContext http,
        FlowsDbContext db,
        CancellationToken ct
    )
    {
        var (connectionId, refused) = await RecordScope.ResolveAsync(http, db, ct);
        if (refused is not null)
            return refused;
        var record = await RecordReader.GetAsync(db, connectionId!, entity.Name, key, ct);
        return record is null
            ? RecordProblems.Missing($"no {entity.Name} record with key '{key}'")
            : RecordJson.One(record, entity);
    }

    private static async Task<IResult> StatusesAsync(
        UnifiedEntity entity,
        HttpContext http,
        FlowsDbContext db,
        CancellationToken ct
    )
    {
        var (connectionId, refused) = await RecordScope.ResolveAsync(http, db, ct);
        if (refused is not null)
            return refused;
        var query = RecordQueryParser.Parse(Parameters(http), StatusList.Resolve, out var problem);
        if (query is null)
            return RecordProblems.Invalid(problem!.Parameter, problem.Message);
        var statuses = await RecordReader.StatusesAsync(
            db,
            connectionId!,
            entity.Name,
            entity.Fields.ContainsKey("status"),
            ct
        );
        var (page, total) = StatusList.Apply(statuses, query);
        return RecordJson.Page(
            RecordPaging.Of(http.Request, query.Page, query.PerPage, total, page.Count),
            json =>
            {
                foreach (var status in page)
                    StatusList.Write(json, status);
            }
        );
    }

    private static IEnumerable<KeyValuePair<string, string>> Parameters(HttpContext http) =>
        http.Request.Query.SelectMany(q =>
            q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))
        );

    private static IResult UnknownEntity(string entity) =>
        RecordProblems.Missing(UnknownEntityMessage(entity));

    private static string UnknownEntityMessage(string entity) =>
        $"no entity '{entity}': the entities are {string.Join(", ", UnifiedModel.Entities.Select(e => e.Name))}";
}
