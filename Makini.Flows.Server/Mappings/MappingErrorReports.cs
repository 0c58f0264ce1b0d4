using System.Text.Json.Nodes;
using Makini.Flows.Activities.Triggers;
using Makini.Flows.Connectors.Mappings;
using Makini.Flows.Connectors.Unified;
using Makini.Flows.Server.Bus;
using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Mappings;

/// <summary>
/// Tells once per mapping version that its scripts or conversions failed for some records: one <c>system.error</c>
/// event with samples, added to the caller's unit of work (the sync's page, the save), never one per record.
/// </summary>
public sealed class MappingErrorReports(EventBus bus, TimeProvider time)
{
    private const int MaxSamples = 5;

    public async Task ReportAsync(
        FlowsDbContext db,
        string connectionId,
        ConnectionMapping mapping,
        IReadOnlyList<(string Key, MappingError Error)> failures,
        CancellationToken ct
    )
    {
        if (failures.Count == 0 || mapping.Version <= 0)
            return;
        var version = await db.MappingVersions.FirstOrDefaultAsync(
            v =>
                v.ConnectionId == connectionId
                && v.Entity == mapping.Entity.Name
                && v.Version == mapping.Version,
            ct
        );
        if (version is null || version.ErrorReportedAt is not null)
            return;
        version.ErrorReportedAt = time.GetUtcNow().UtcDateTime;
        var fields = failures.Select(f => f.Error.Field).Distinct().ToList();
        bus.Add(
            db,
            EventTypes.SystemError,
            connectionId,
            new JsonObject
            {
                ["code"] = "mapping_failed",
                ["source"] = "mapping",
                ["message"] =
                    $"version {mapping.Version} of the {mapping.Entity.Name} mapping could not fill {string.Join(", ", fields)} for some records: those fields are null and each record lists why under mappingErrors",
                ["affected"] = new JsonObject
                {
                    ["entity"] = mapping.Entity.Name,
                    ["fields"] = new JsonArray([.. fields.Select(f => (JsonNode)f)]),
                    ["mappingVersion"] = mapping.Version,
                },
                ["samples"] = new JsonArray([
                    .. failures
                        .Take(MaxSamples)
                        .Select(f =>
                            (JsonNode)
                                new JsonObject
                                {
                                    ["key"] = f.Key,
                                    ["field"] = f.Error.Field,
                                    ["message"] = f.Error.Message,
                                }
                        ),
                ]),
            }
        );
        await db.SaveChangesAsync(ct);
    }
}
