using Makini.Flows.Connectors.Mappings;
using Makini.Flows.Connectors.Unified;
using Makini.Flows.Server.Connections;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Records;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Mappings;

/// <summary>The outcome of a save: the version in force and how many stored records now follow it.</summary>
public sealed record MappingSaved(long Version, DateTime SavedAt, long Reprojected, bool Changed);

/// <summary>
/// Saves a checked mapping as a new version and re-projects the connection's stored records of the entity with it,
/// in one transaction: the save answers when every stored record follows the new mapping, or nothing changed. The
/// same document as the one in force saves nothing.
/// </summary>
public sealed class MappingSaver(
    ConnectionMappings mappings,
    MappingErrorReports reports,
    TimeProvider time
)
{
    public async Task<MappingSaved> SaveAsync(
        FlowsDbContext db,
        ConnectionRecord connection,
        UnifiedEntity entity,
        MappingDocument document,
        string? author,
        CancellationToken ct
    )
    {
        var text = document.IsDefault ? null : document.Canonical().ToJsonString();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await MappingLocks.TakeAsync(db, connection.Id, entity.Name, ct);
        var latest = await db
            .MappingVersions.AsNoTracking()
            .Where(v => v.ConnectionId == connection.Id && v.Entity == entity.Name)
            .OrderByDescending(v => v.Version)
            .FirstOrDefaultAsync(ct);
        if (latest?.Document == text)
            return new MappingSaved(
                latest?.Version ?? 0,
                latest?.SavedAt ?? connection.CreatedAt,
                0,
                false
            );
        var now = time.GetUtcNow().UtcDateTime;
        var version = new MappingVersionRecord
        {
            ConnectionId = connection.Id,
            Entity = entity.Name,
            Version = (latest?.Version ?? 0) + 1,
            Document = text,
            Author = author,
            SavedAt = now,
        };
        db.MappingVersions.Add(version);
        await db.SaveChangesAsync(ct);
        var mapping = mappings.For(
            connection.Id,
            connection.ConnectorId,
            entity,
            version.Version,
            text
        )!;
        var outcome = await RecordCommands.OnOpenConnectionAsync(
            db,
            () => MappingReprojection.RunAsync(db, connection.Id, mapping, ct),
            ct
        );
        await reports.ReportAsync(db, connection.Id, mapping, outcome.Errors, ct);
        await transaction.CommitAsync(ct);
        return new MappingSaved(version.Version, now, outcome.Records, true);
    }
}
