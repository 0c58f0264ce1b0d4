using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Mappings;
using Makini.Flows.Connectors.Unified;
using Makini.Flows.Server.Connectors;
using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Mappings;

/// <summary>What the mapping editor shows: each entity's version, and an entity's fields with their sources and samples.</summary>
public static class MappingViews
{
    private const int SampledSourceRecords = 200;

    public static async Task<IResult> ListAsync(
        string id,
        FlowsDbContext db,
        InstalledConnectors connectors,
        CancellationToken ct
    )
    {
        var connection = await db
            .Connections.AsNoTracking()
            .FirstOrDefaultAsync(c => c.Id == id, ct);
        if (connection is null)
            return Problems.NotFound($"no connection '{id}'");
        var versions = await db.MappingVersions.AsNoTracking().Latest(id).ToListAsync(ct);
        var streams = connectors.Find(connection.ConnectorId)?.Streams ?? [];
        return TypedResults.Ok(
            new
            {
                connectionId = id,
                connector = connection.ConnectorId,
                entities = streams.Select(stream =>
                {
                    var latest = versions.FirstOrDefault(v => v.Entity == stream.Entity);
                    var document = latest?.Document is { } text
                        ? new MappingDocument(JsonNode.Parse(text)!.AsObject())
                        : MappingDocument.Default;
                    return new
                    {
                        entity = stream.Entity,
                        version = latest?.Version ?? 0,
                        savedAt = latest?.SavedAt,
                        author = latest?.Author,
                        changedFields = document.Fields.Count,
                        customFields = document.CustomFields.Count,
                    };
                }),
            }
        );
    }

    public static async Task<IResult> DetailAsync(
        string id,
        string entity,
        FlowsDbContext db,
        ConnectionMappings mappings,
        CancellationToken ct
    )
    {
        var (target, missing) = await MappingTarget.ResolveAsync(db, mappings, id, entity, ct);
        if (missing is not null)
            return missing;
        var (connection, unified, stream) = target!;
        var latest = await db
            .MappingVersions.AsNoTracking()
            .Where(v => v.ConnectionId == id && v.Entity == unified.Name)
            .OrderByDescending(v => v.Version)
            .FirstOrDefaultAsync(ct);
        var mapping = mappings.For(
            id,
            connection.ConnectorId,
            unified,
            latest?.Version ?? 0,
            latest?.Document
        )!;
        var source = await SourceFields.ScanAsync(db, id, unified.Name, SampledSourceRecords, ct);
        var sample =
            source.Samples.Count > 0
                ? mapping.Project(source.Samples[0].RootElement).Unified
                : null;
        var document = mapping.Document;
        var names = unified
            .Fields.Keys.Concat(stream.Mapping.Keys)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        return TypedResults.Ok(
            new
            {
                entity = unified.Name,
                version = mapping.Version,
                savedAt = latest?.SavedAt,
                author = latest?.Author,
                document = document.Json,
                defaults = stream.Mapping,
                fields = names.Select(name => new
                {
                    name,
                    type = unified.Fields.GetValueOrDefault(name)?.Type,
                    source = MappingCompiler.SourceOf(
                        document.Fields.TryGetPropertyValue(name, out var rule)
                            ? rule
                            : stream.Mapping.GetValueOrDefault(name)
                    ),
                    origin = document.Fields.ContainsKey(name) ? "mapping"
                    : stream.Mapping.ContainsKey(name) ? "default"
                    : "unmapped",
                    sample = sample?[name]?.DeepClone(),
                }),
                customFields = mapping.CustomFields.Select(c => new
                {
                    c.Name,
                    c.Type,
                    c.Source,
                    c.Description,
                    sample = sample?[ConnectionMapping.CustomFieldsName]?[c.Name]?.DeepClone(),
                }),
                sourceFields = source.Fields,
                sampledRecords = source.Records,
            }
        );
    }
}
