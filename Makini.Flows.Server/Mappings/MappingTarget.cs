using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Connectors.Unified;
using Makini.Flows.Server.Connections;
using Makini.Flows.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Mappings;

/// <summary>The connection and entity a mapping request names, resolved, or the 404 that says what is missing.</summary>
public sealed record MappingTarget(
    ConnectionRecord Connection,
    UnifiedEntity Entity,
    StreamSpec Stream
)
{
    public static async Task<(MappingTarget? Target, ProblemHttpResult? Problem)> ResolveAsync(
        FlowsDbContext db,
        ConnectionMappings mappings,
        string connectionId,
        string entityName,
        CancellationToken ct
    )
    {
        var connection = await db
            .Connections.AsNoTracking()
            .FirstOrDefaultAsync(c => c.Id == connectionId, ct);
        if (connection is null)
            return (null, Problems.NotFound($"no connection '{connectionId}'"));
        if (UnifiedModel.Find(entityName) is not { } entity)
            return (
                null,
                Problems.NotFound(
                    $"no entity '{entityName}' (entities: {string.Join(", ", UnifiedModel.Entities.Select(e => e.Name))})"
                )
            );
        if (entity.DerivedFrom is { } derivation)
            return (
                null,
                Problems.NotFound(
                    $"{entity.Name} are made from the {derivation.Field} of {derivation.Entity}: map them in the {derivation.Entity} mapping"
                )
            );
        if (mappings.StreamOf(connection.ConnectorId, entity.Name) is not { } stream)
            return (
                null,
                Problems.NotFound(
                    $"the {connection.ConnectorId} connector does not sync {entity.Name}"
                )
            );
        return (new MappingTarget(connection, entity, stream), null);
    }
}
