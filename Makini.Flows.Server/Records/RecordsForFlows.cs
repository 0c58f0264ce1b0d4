using System.Globalization;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Unified;
using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Records;

/// <summary>
/// The QueryRecords activity's reads: the same query syntax and store as <c>GET /api/eam/{entity}</c>, read page by
/// page up to the activity's limit.
/// </summary>
public sealed class RecordsForFlows(IServiceScopeFactory scopes)
{
    public async Task<JsonArray> QueryAsync(
        string connectionId,
        string entityName,
        JsonObject? filter,
        bool matchAny,
        string? sortField,
        bool descending,
        int limit,
        CancellationToken cancellationToken
    )
    {
        var entity =
            UnifiedModel.Find(entityName)
            ?? throw new InvalidOperationException(
                $"'{entityName}' is not a unified entity (use {string.Join(", ", UnifiedModel.Entities.Select(e => e.Name))})"
            );
        var parameters = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in filter ?? [])
            parameters.Add(new($"filter[{name}]", Text(name, value)));
        if (matchAny)
            parameters.Add(new("filterMatch", "any"));
        if (sortField is not null)
            parameters.Add(new($"sort[{sortField}]", descending ? "1" : "0"));
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        var connectorId =
            await db
                .Connections.AsNoTracking()
                .Where(c => c.Id == connectionId)
                .Select(c => c.ConnectorId)
                .FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"There is no connection '{connectionId}'.");
        var customFields = (
            await scope
                .ServiceProvider.GetRequiredService<Mappings.ConnectionMappings>()
                .CurrentAsync(db, connectionId, connectorId, entity, cancellationToken)
        )?.CustomFields.ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
        var records = new JsonArray();
        for (var page = 1; records.Count < limit; page++)
        {
            var query =
                RecordQueryParser.Parse(
                    [
                        .. parameters,
                        new("page", page.ToString(CultureInfo.InvariantCulture)),
                        new(
                            "per_page",
                            RecordQueryParser.MaxPerPage.ToString(CultureInfo.InvariantCulture)
                        ),
                    ],
                    entity,
                    customFields,
                    out var problem
                )
                ?? throw new InvalidOperationException($"{problem!.Parameter}: {problem.Message}");
            var stored = await RecordReader.ListAsync(
                db,
                connectionId,
                entity.Name,
                query,
                cancellationToken
            );
            foreach (var record in stored.Records)
            {
                if (records.Count == limit)
                    break;
                records.Add(JsonNode.Parse(record));
            }
            if (stored.Records.Count < query.PerPage)
                break;
        }
        return records;
    }

    private static string Text(string name, JsonNode? value) =>
        value switch
        {
            JsonValue scalar when scalar.TryGetValue<string>(out var text) => text,
            JsonValue scalar => scalar.ToJsonString(),
            _ => throw new InvalidOperationException(
                $"filter '{name}' must be a string, number or boolean, not {value?.GetValueKind().ToString().ToLowerInvariant() ?? "null"}"
            ),
        };
}
