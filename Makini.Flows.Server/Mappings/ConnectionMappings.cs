using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Connectors.Mappings;
using Makini.Flows.Connectors.Unified;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Validation;
using Makini.Flows.Server.Connectors;
using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Mappings;

/// <summary>
/// The mapping in force for each connection and entity: the newest saved version over the connector's default,
/// compiled once per version (a version never changes, so the cache needs no invalidation: a save is a new version).
/// </summary>
public sealed class ConnectionMappings(
    FlowEngine engine,
    InstalledConnectors connectors,
    ILogger<ConnectionMappings> logger
)
{
    private const int MaxCached = 4_096;
    private readonly ConcurrentDictionary<(string, string, long), ConnectionMapping> _compiled =
        new();

    /// <summary>The connector's stream of the entity, or null when the connector has none (or it is derived).</summary>
    public StreamSpec? StreamOf(string connectorId, string entity) =>
        connectors.Find(connectorId)?.Stream(entity);

    /// <summary>The mapping in force; null when the connection's connector has no stream of the entity.</summary>
    public async Task<ConnectionMapping?> CurrentAsync(
        FlowsDbContext db,
        string connectionId,
        string connectorId,
        UnifiedEntity entity,
        CancellationToken ct
    )
    {
        var latest = await db
            .MappingVersions.AsNoTracking()
            .Where(v => v.ConnectionId == connectionId && v.Entity == entity.Name)
            .OrderByDescending(v => v.Version)
            .Select(v => new { v.Version, v.Document })
            .FirstOrDefaultAsync(ct);
        return For(connectionId, connectorId, entity, latest?.Version ?? 0, latest?.Document);
    }

    /// <summary>The mapping of one saved version (null document: the connector's default).</summary>
    public ConnectionMapping? For(
        string connectionId,
        string connectorId,
        UnifiedEntity entity,
        long version,
        string? document
    )
    {
        if (StreamOf(connectorId, entity.Name) is not { } stream)
            return null;
        if (_compiled.TryGetValue((connectionId, entity.Name, version), out var cached))
            return cached;
        var mapping = Compile(stream, entity, version, document);
        if (_compiled.Count >= MaxCached)
            _compiled.Clear();
        return _compiled[(connectionId, entity.Name, version)] = mapping;
    }

    /// <summary>A draft, checked and compiled; null with its problems.</summary>
    public ConnectionMapping? Draft(
        StreamSpec stream,
        UnifiedEntity entity,
        string json,
        List<FlowProblem> problems
    ) => MappingCompiler.Compile(stream, entity, json, engine, -1, problems);

    private ConnectionMapping Compile(
        StreamSpec stream,
        UnifiedEntity entity,
        long version,
        string? document
    )
    {
        if (document is null)
            return ConnectionMapping.Default(stream, entity, version);
        var problems = new List<FlowProblem>();
        var mapping = MappingCompiler.Compile(
            stream,
            entity,
            new MappingDocument(JsonNode.Parse(document)!.AsObject()),
            engine,
            version,
            problems
        );
        if (mapping is not null)
            return mapping;
        // A saved mapping the connector no longer accepts (a newer manifest dropped a field): the default serves
        // rather than nothing, and the operator is told why.
        logger.LogError(
            "The saved mapping {Version} of {Entity} no longer compiles, the connector's default serves: {Problems}",
            version,
            entity.Name,
            string.Join("; ", problems)
        );
        return ConnectionMapping.Default(stream, entity, version);
    }
}
