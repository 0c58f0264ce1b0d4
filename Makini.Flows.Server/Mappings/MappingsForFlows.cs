using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Activities.Data;
using Makini.Flows.Connectors.Mappings;
using Makini.Flows.Connectors.Unified;
using Makini.Flows.Engine.Validation;
using Makini.Flows.Server.Connectors;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Records;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Mappings;

/// <summary>
/// The Map activity's work: the same compiled mappings the sync and the records API use, applied to records a flow
/// holds (source records), or to the source records stored under unified records' keys.
/// </summary>
public sealed class MappingsForFlows(
    IServiceScopeFactory scopes,
    ConnectionMappings mappings,
    InstalledConnectors connectors
)
{
    public async Task<MapOutcome> MapAsync(MapRequest request, CancellationToken ct)
    {
        var entity =
            UnifiedModel.Find(request.Entity)
            ?? throw new InvalidOperationException(
                $"'{request.Entity}' is not a unified entity (use {string.Join(", ", UnifiedModel.Entities.Select(e => e.Name))})"
            );
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        var connectorId = request.Connector;
        if (request.ConnectionId is { } connectionId)
            connectorId =
                await db
                    .Connections.AsNoTracking()
                    .Where(c => c.Id == connectionId)
                    .Select(c => c.ConnectorId)
                    .FirstOrDefaultAsync(ct)
                ?? throw new InvalidOperationException($"There is no connection '{connectionId}'.");
        if (connectors.Find(connectorId!) is null)
            throw new InvalidOperationException($"There is no connector '{connectorId}'.");
        var stream =
            mappings.StreamOf(connectorId!, entity.Name)
            ?? throw new InvalidOperationException(
                $"The {connectorId} connector does not sync {entity.Name}."
            );
        var mapping =
            request.Mapping is { } inline ? Inline(stream, entity, inline)
            : request.ConnectionId is { } id
                ? (await mappings.CurrentAsync(db, id, connectorId!, entity, ct))!
            : ConnectionMapping.Default(stream, entity);
        var raws = request.StoredRecords
            ? await StoredSourcesAsync(db, request.ConnectionId, entity, request.Records, ct)
            : Sources(request.Records);
        var projected = mapping.Project(raws, ct);
        var errors = new JsonArray();
        for (var i = 0; i < projected.Length; i++)
            foreach (var error in projected[i].MappingErrors)
                errors.Add(
                    new JsonObject
                    {
                        ["index"] = i,
                        ["key"] = projected[i].Key,
                        ["field"] = error.Field,
                        ["message"] = error.Message,
                    }
                );
        return new MapOutcome(
            new JsonArray([.. projected.Select(p => (JsonNode)p.Unified)]),
            errors
        );
    }

    private ConnectionMapping Inline(
        Makini.Flows.Connectors.Manifests.StreamSpec stream,
        UnifiedEntity entity,
        JsonObject document
    )
    {
        var problems = new List<FlowProblem>();
        return mappings.Draft(stream, entity, document.ToJsonString(), problems)
            ?? throw new InvalidOperationException(
                "The mapping is not valid: " + string.Join("; ", problems.Select(p => p.ToString()))
            );
    }

    private static List<JsonElement> Sources(JsonArray records)
    {
        var raws = new List<JsonElement>(records.Count);
        for (var i = 0; i < records.Count; i++)
            raws.Add(
                records[i] is JsonObject record
                    ? JsonSerializer.SerializeToElement(record)
                    : throw new InvalidOperationException(
                        $"records/{i} is not a record (an object): {records[i]?.ToJsonString() ?? "null"}"
                    )
            );
        return raws;
    }

    private static async Task<List<JsonElement>> StoredSourcesAsync(
        FlowsDbContext db,
        string? connectionId,
        UnifiedEntity entity,
        JsonArray records,
        CancellationToken ct
    )
    {
        if (connectionId is null)
            throw new InvalidOperationException(
                "unified records are mapped again from the source records stored for a connection: name the connectionId"
            );
        var keys = new List<string>(records.Count);
        for (var i = 0; i < records.Count; i++)
            keys.Add(
                (records[i] as JsonObject)?["key"]?.ToString()
                    ?? throw new InvalidOperationException(
                        $"records/{i} has no key: unified records are found by their key"
                    )
            );
        var stored = await db
            .Records.AsNoTracking()
            .Where(r =>
                r.ConnectionId == connectionId
                && r.Entity == entity.Name
                && r.DeletedAt == null
                && keys.Contains(r.Key)
            )
            .Select(r => new { r.Key, r.Raw })
            .ToListAsync(ct);
        var byKey = stored
            .GroupBy(r => r.Key)
            .ToDictionary(g => g.Key, g => g.First().Raw, StringComparer.Ordinal);
        return
        [
            .. keys.Select(
                (key, i) =>
                    byKey.TryGetValue(key, out var raw)
                        ? JsonDocument.Parse(raw).RootElement
                        : throw new InvalidOperationException(
                            $"records/{i}: no stored {entity.Name} record has key '{key}'"
                        )
            ),
        ];
    }
}
