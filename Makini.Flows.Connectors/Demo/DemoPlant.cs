namespace Makini.Flows.Connectors.Demo;

/// <summary>
/// Everything the demo company has that is not an order: its organization, equipment and stock, generated once from
/// the seed (a few hundred kilobytes), with the lookups the work- and purchase-order generators draw from.
/// </summary>
internal sealed class DemoPlant
{
    public long Seed { get; }
    public DemoOrganization Organization { get; }
    public IReadOnlyList<DemoAssetEntry> Assets { get; }
    public IReadOnlyList<DemoPartEntry> Parts { get; }

    /// <summary>Per site: assets that are not decommissioned, which work orders are written against.</summary>
    public IReadOnlyList<IReadOnlyList<DemoAssetEntry>> WorkableAssets { get; }

    /// <summary>Per site, per vendor id: the parts bought from it.</summary>
    public IReadOnlyList<
        IReadOnlyDictionary<string, IReadOnlyList<DemoPartEntry>>
    > PartsByVendor { get; }

    /// <summary>Per site: the ids of the vendors it buys parts from, in order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> SuppliersBySite { get; }

    public DemoPlant(long seed)
    {
        Seed = seed;
        Organization = new DemoOrganization(seed);
        Assets = DemoEquipmentRegister.Create(seed, Organization);
        Parts = DemoStoreroom.Create(seed, Organization);
        WorkableAssets = Enumerable
            .Range(0, Organization.Sites.Count)
            .Select(s =>
                (IReadOnlyList<DemoAssetEntry>)
                    Assets.Where(a => a.SiteIndex == s && !a.Health.Decommissioned).ToList()
            )
            .ToList();
        PartsByVendor = Enumerable
            .Range(0, Organization.Sites.Count)
            .Select(s =>
                (IReadOnlyDictionary<string, IReadOnlyList<DemoPartEntry>>)
                    Parts
                        .Where(p => p.SiteIndex == s)
                        .GroupBy(p => p.Entered.VendorId, StringComparer.Ordinal)
                        .ToDictionary(
                            g => g.Key,
                            g => (IReadOnlyList<DemoPartEntry>)g.ToList(),
                            StringComparer.Ordinal
                        )
            )
            .ToList();
        SuppliersBySite = PartsByVendor
            .Select(byVendor =>
                (IReadOnlyList<string>)byVendor.Keys.Order(StringComparer.Ordinal).ToList()
            )
            .ToList();
    }
}
