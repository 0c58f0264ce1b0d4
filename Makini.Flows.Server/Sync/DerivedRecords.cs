using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Connectors.Unified;
using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Sync;

/// <summary>
/// The records of the entities derived from a page of a stream (purchase orders' line items, docs/sync.md): each
/// parent's items as records of their own, and the items a parent no longer has marked deleted. Which items a parent
/// had is read from its stored unified record before the page replaces it, so the store, the events and the counts
/// treat derived records like any other.
/// </summary>
internal sealed class DerivedRecords
{
    private readonly Dictionary<string, Dictionary<string, string[]>> _previous;

    private DerivedRecords(
        IReadOnlyList<UnifiedEntity> entities,
        Dictionary<string, Dictionary<string, string[]>> previous
    )
    {
        Entities = entities;
        _previous = previous;
    }

    /// <summary>The derived entities the stream fills.</summary>
    public IReadOnlyList<UnifiedEntity> Entities { get; }

    /// <summary>
    /// What the page's parents held before the page is stored; null when the stream derives nothing (then nothing is
    /// read).
    /// </summary>
    public static async Task<DerivedRecords?> BeforeAsync(
        FlowsDbContext db,
        string connectionId,
        StreamSpec stream,
        IReadOnlyList<ProjectedRecord> parents,
        CancellationToken ct
    )
    {
        var entities = UnifiedModel
            .DerivedFrom(stream.Entity)
            .Where(d => DerivedProjection.Derives(stream, d))
            .ToList();
        if (entities.Count == 0)
            return null;
        var keys = parents.Select(p => p.SourceKey).Distinct().ToList();
        var stored = await db
            .Records.Where(r =>
                r.ConnectionId == connectionId
                && r.Entity == stream.Entity
                && r.DeletedAt == null
                && keys.Contains(r.SourceKey)
            )
            .Select(r => new { r.SourceKey, r.Data })
            .ToListAsync(ct);
        var previous = entities.ToDictionary(
            d => d.Name,
            d =>
                stored.ToDictionary(
                    s => s.SourceKey,
                    s =>
                        DerivedProjection
                            .SourceKeys(
                                d.DerivedFrom!,
                                s.SourceKey,
                                JsonNode.Parse(s.Data)!.AsObject()
                            )
                            .ToArray(),
                    StringComparer.Ordinal
                ),
            StringComparer.Ordinal
        );
        return new DerivedRecords(entities, previous);
    }

    /// <summary>
    /// The page of a derived entity: the items of the page's parents (deleted with a deleted parent), and the stored
    /// items their parents no longer hold, marked deleted at <paramref name="now"/>.
    /// </summary>
    public async Task<IReadOnlyList<ProjectedRecord>> PageAsync(
        FlowsDbContext db,
        string connectionId,
        StreamSpec stream,
        UnifiedEntity derived,
        IReadOnlyList<JsonElement> raws,
        IReadOnlyList<ProjectedRecord> parents,
        DateTime now,
        CancellationToken ct
    )
    {
        var byParent = new Dictionary<string, IReadOnlyList<ProjectedRecord>>(
            StringComparer.Ordinal
        );
        for (var i = 0; i < parents.Count; i++)
            byParent[parents[i].SourceKey] = DerivedProjection.Project(
                stream,
                derived,
                raws[i],
                parents[i]
            );
        var page = byParent.Values.SelectMany(items => items).ToList();
        var gone = new List<string>();
        foreach (var (parent, keys) in _previous[derived.Name])
        {
            var kept = byParent.TryGetValue(parent, out var items)
                ? items.Select(i => i.SourceKey).ToHashSet(StringComparer.Ordinal)
                : [];
            gone.AddRange(keys.Where(k => !kept.Contains(k)));
        }
        if (gone.Count > 0)
            page.AddRange(await RemovedAsync(db, connectionId, derived, gone, now, ct));
        return page;
    }

    private static async Task<IEnumerable<ProjectedRecord>> RemovedAsync(
        FlowsDbContext db,
        string connectionId,
        UnifiedEntity derived,
        List<string> keys,
        DateTime now,
        CancellationToken ct
    )
    {
        var stored = await db
            .Records.Where(r =>
                r.ConnectionId == connectionId
                && r.Entity == derived.Name
                && r.DeletedAt == null
                && keys.Contains(r.SourceKey)
            )
            .Select(r => new
            {
                r.SourceKey,
                r.Key,
                r.Data,
                r.Raw,
                r.Hash,
                r.UpdatedAt,
            })
            .ToListAsync(ct);
        return stored.Select(r =>
        {
            var unified = JsonNode.Parse(r.Data)!.AsObject();
            unified["deletedAt"] = Records.RecordTimes.Iso(now);
            return new ProjectedRecord(
                r.SourceKey,
                r.Key,
                unified,
                r.Raw,
                r.Hash,
                r.UpdatedAt,
                now
            );
        });
    }
}
