namespace Makini.Flows.Connectors.Demo;

/// <summary>An asset as entered, the kind of equipment it is, and how its status moves.</summary>
internal sealed record DemoAssetEntry(
    DemoAsset Entered,
    DemoEquipment Equipment,
    int SiteIndex,
    DemoAssetHealth Health
)
{
    public DemoAsset At(long now) => Health.At(Entered, now);

    public long UpdatedAt(long now) =>
        Health.UpdatedAt(
            DemoTimeline.Seconds(Entered.CreatedAt),
            DemoTimeline.Seconds(Entered.UpdatedAt),
            now
        );
}

/// <summary>
/// Every site's equipment, as its layout counts it: the main machines placed in locations of their zones, each with
/// its motor, gearbox or drive as child assets.
/// </summary>
internal static class DemoEquipmentRegister
{
    public static IReadOnlyList<DemoAssetEntry> Create(long seed, DemoOrganization organization)
    {
        var random = DemoRandom.For(seed, (long)DemoStreams.Assets);
        var entries = new List<DemoAssetEntry>();
        for (var s = 0; s < organization.Sites.Count; s++)
        {
            var layout = DemoSiteLayouts.All[s];
            var locations = organization.LocationsBySite[s];
            var site = organization.Sites[s];
            var seenPerPrefix = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (key, count) in layout.Equipment)
            {
                var equipment = DemoEquipmentCatalog.All[key];
                var candidates = locations
                    .Where(l => equipment.Zones.Contains(LayoutZone(organization, l)))
                    .ToList();
                if (candidates.Count == 0)
                    candidates = [.. locations];
                for (var i = 0; i < count; i++)
                {
                    var number = seenPerPrefix.GetValueOrDefault(equipment.TagPrefix) + 1;
                    seenPerPrefix[equipment.TagPrefix] = number;
                    var tag = $"{equipment.TagPrefix}-{s + 1}{number:D2}";
                    var location = random.Pick(candidates);
                    var parent = Add(
                        entries,
                        ref random,
                        seed,
                        equipment,
                        tag,
                        null,
                        location,
                        site,
                        s
                    );
                    foreach (var childKey in equipment.Children)
                    {
                        if (childKey != "motor" && !random.Chance(0.7))
                            continue;
                        var child = DemoEquipmentCatalog.All[childKey];
                        Add(
                            entries,
                            ref random,
                            seed,
                            child,
                            $"{tag}-{child.TagPrefix}",
                            parent,
                            location,
                            site,
                            s
                        );
                    }
                }
            }
        }
        return entries;
    }

    private static DemoZone LayoutZone(DemoOrganization organization, DemoLocation location) =>
        organization.LayoutOf[int.Parse(location.Id.AsSpan(4)) - 1].Zone;

    private static DemoAsset Add(
        List<DemoAssetEntry> entries,
        ref DemoRandom random,
        long seed,
        DemoEquipment equipment,
        string tag,
        DemoAsset? parent,
        DemoLocation location,
        DemoSite site,
        int siteIndex
    )
    {
        var (manufacturer, model) = random.Pick(equipment.Models);
        var installed = new DateOnly(2008, 1, 1).AddDays(random.Between(0, 14 * 365));
        var created =
            parent?.CreatedAt
            ?? DemoTimeline
                .MasterDataEntered.AddDays(random.Between(5, 700))
                .AddMinutes(random.Between(0, 600));
        var asset = new DemoAsset(
            $"AST-{entries.Count + 1:D4}",
            tag,
            $"{equipment.Name} {tag}",
            parent is null
                ? $"{manufacturer} {model} in {location.Name}, {site.Name}."
                : $"{manufacturer} {model}, part of {parent.Name}.",
            equipment.Name,
            manufacturer,
            model,
            SerialNumber(ref random, manufacturer, installed),
            parent?.Id,
            location.Id,
            site.Id,
            "operational",
            equipment.Criticality,
            installed,
            created,
            created,
            null
        );
        entries.Add(
            new DemoAssetEntry(
                asset,
                equipment,
                siteIndex,
                DemoAssetHealth.Plan(seed, entries.Count)
            )
        );
        return asset;
    }

    private static string SerialNumber(
        ref DemoRandom random,
        string manufacturer,
        DateOnly installed
    )
    {
        var letters = new string(
            manufacturer.Where(char.IsAsciiLetter).Take(2).ToArray()
        ).ToUpperInvariant();
        return $"{letters}{installed.Year % 100:D2}{random.Between(100_000, 999_999)}";
    }
}
