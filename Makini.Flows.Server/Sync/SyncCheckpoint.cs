using Makini.Flows.Connectors.Runtime;

namespace Makini.Flows.Server.Sync;

/// <summary>
/// Where a sync under way stands, stored with every page it stores: which streams are done, the stream being read
/// and the page to read next, and the counts so far. A node that takes the sync over after a crash starts here.
/// </summary>
public sealed record SyncCheckpoint
{
    public required string SyncId { get; init; }
    public required string Mode { get; init; }
    public required string Trigger { get; init; }
    public required DateTime StartedAt { get; init; }

    /// <summary>The entities still to read, in order; the first is the one being read.</summary>
    public required IReadOnlyList<string> Remaining { get; init; }

    /// <summary>The next page of the first remaining entity; null to start it from its beginning.</summary>
    public PageCursor? Next { get; init; }

    /// <summary>Pages stored of the first remaining entity.</summary>
    public int Pages { get; init; }

    public required IReadOnlyDictionary<string, EntityCounts> Counts { get; init; }

    /// <summary>Per entity, the keys this sync inserted, updated or deleted, the first <see cref="MaxChangedKeys"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Changed { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>();

    public const int MaxChangedKeys = 1_000;

    public SyncCheckpoint WithChanged(string entity, IEnumerable<string> keys)
    {
        var all = Changed.ToDictionary(c => c.Key, c => c.Value);
        var list = all.TryGetValue(entity, out var existing) ? existing.ToList() : [];
        foreach (var key in keys)
        {
            if (list.Count >= MaxChangedKeys)
                break;
            list.Add(key);
        }
        all[entity] = list;
        return this with { Changed = all };
    }
}

/// <summary>What one sync did to one entity's records.</summary>
public sealed record EntityCounts(int Inserted, int Updated, int Deleted, int Unchanged, int Pages)
{
    public static readonly EntityCounts None = new(0, 0, 0, 0, 0);

    public EntityCounts Add(EntityCounts other) =>
        new(
            Inserted + other.Inserted,
            Updated + other.Updated,
            Deleted + other.Deleted,
            Unchanged + other.Unchanged,
            Pages + other.Pages
        );
}
