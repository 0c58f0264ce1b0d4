namespace Makini.Flows.Connectors.Demo;

/// <summary>A record as a list sees it before it is built: its place in id order, when it changed, whether deleted.</summary>
internal readonly record struct DemoListed(long Key, long UpdatedAt, bool Deleted);

/// <summary>One collection of the API: which records exist at an instant, in id order, each built only when shown.</summary>
internal interface IDemoCollection
{
    IEnumerable<DemoListed> Listed(long now);

    IDemoRecord Build(long key, long now);
}

/// <summary>Records that never change (sites, locations, users, vendors).</summary>
internal sealed class DemoFixedCollection(IReadOnlyList<IDemoRecord> records) : IDemoCollection
{
    public IEnumerable<DemoListed> Listed(long now)
    {
        for (var i = 0; i < records.Count; i++)
            yield return new DemoListed(i, DemoTimeline.Seconds(records[i].UpdatedAt), false);
    }

    public IDemoRecord Build(long key, long now) => records[(int)key];
}

internal sealed class DemoAssetCollection(IReadOnlyList<DemoAssetEntry> assets) : IDemoCollection
{
    public IEnumerable<DemoListed> Listed(long now)
    {
        for (var i = 0; i < assets.Count; i++)
            yield return new DemoListed(i, assets[i].UpdatedAt(now), false);
    }

    public IDemoRecord Build(long key, long now) => assets[(int)key].At(now);
}

internal sealed class DemoPartCollection(IReadOnlyList<DemoPartEntry> parts) : IDemoCollection
{
    public IEnumerable<DemoListed> Listed(long now)
    {
        for (var i = 0; i < parts.Count; i++)
            yield return new DemoListed(i, parts[i].UpdatedAt(now), false);
    }

    public IDemoRecord Build(long key, long now) => parts[(int)key].At(now);
}

internal sealed class DemoWorkOrderCollection(DemoWorkOrders workOrders, DemoWorkOrderEdits edits)
    : IDemoCollection
{
    public DemoWorkOrderEdits Edits => edits;

    public IEnumerable<DemoListed> Listed(long now)
    {
        var (first, last) = workOrders.Sequence.Listed(now);
        for (var number = first; number <= last; number++)
        {
            var plan = workOrders.Plan(number);
            yield return new DemoListed(
                number,
                edits.UpdatedAt(number, plan.UpdatedAt(now), now),
                plan.DeletedAt(now) is not null
            );
        }
    }

    public IDemoRecord Build(long key, long now) => edits.Apply(workOrders.Plan(key).At(now), now);

    /// <summary>The listed, not deleted, work order with this id (<c>WO-15234</c>), or null.</summary>
    public long? Find(string id, long now)
    {
        if (
            !id.StartsWith("WO-", StringComparison.Ordinal)
            || !long.TryParse(id.AsSpan(3), out var number)
            || id != $"WO-{number:D5}"
        )
            return null;
        var (first, last) = workOrders.Sequence.Listed(now);
        return number >= first && number <= last && workOrders.Plan(number).DeletedAt(now) is null
            ? number
            : null;
    }
}

internal sealed class DemoPurchaseOrderCollection(DemoPurchaseOrders purchaseOrders)
    : IDemoCollection
{
    public IEnumerable<DemoListed> Listed(long now)
    {
        var (first, last) = purchaseOrders.Sequence.Listed(now);
        for (var number = first; number <= last; number++)
        {
            var plan = purchaseOrders.Plan(number);
            yield return new DemoListed(
                number,
                plan.UpdatedAt(now),
                plan.DeletedAt(now) is not null
            );
        }
    }

    public IDemoRecord Build(long key, long now) => purchaseOrders.Plan(key).At(now);
}
