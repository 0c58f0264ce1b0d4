using System.Globalization;

namespace Makini.Flows.Connectors.Demo;

/// <summary>Each site's storeroom stocks 75 items of the part catalog, bought from the supplier of their kind.</summary>
internal static class DemoStoreroom
{
    public const int ItemsPerSite = 75;

    private static readonly IReadOnlyDictionary<string, string[]> SuppliersByCategory =
        new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["Bearings"] = ["Midwest Bearing & Supply", "Tri-State Industrial Supply"],
            ["Belts"] = ["Continental Belting Co.", "Midwest Bearing & Supply"],
            ["Seals"] = ["Great Lakes Pump & Seal", "Coastal Gasket & Seal"],
            ["Filters"] = ["Keystone Filtration", "BlueRidge Compressor Service"],
            ["Lubricants"] = ["Northern Lubricants"],
            ["Electrical"] = ["Apex Electrical Distributors", "Delta Controls & Automation"],
            ["Fluid power"] = ["Summit Fluid Power", "Prairie Hydraulics"],
            ["Conveyor"] = ["Pioneer Conveyor Parts", "Continental Belting Co."],
            ["Pumps"] = ["Great Lakes Pump & Seal"],
            ["HVAC"] = ["Heartland HVAC Supply", "CoolAir Mechanical Services"],
            ["Safety"] = ["Allied Safety Products", "Tri-State Industrial Supply"],
            ["Fasteners"] = ["Ironclad Fasteners", "Tri-State Industrial Supply"],
        };

    public static IReadOnlyList<DemoPartEntry> Create(long seed, DemoOrganization organization)
    {
        var random = DemoRandom.For(seed, (long)DemoStreams.Parts);
        var items = DemoPartCatalog
            .Families.SelectMany(family =>
                family.Variants.Select((variant, position) => (family, variant, position))
            )
            .ToList();
        var vendorByName = organization.Vendors.ToDictionary(v => v.Name, StringComparer.Ordinal);
        var entries = new List<DemoPartEntry>();
        for (var s = 0; s < organization.Sites.Count; s++)
        {
            var site = organization.Sites[s];
            var stocked = items.ToArray();
            for (var i = stocked.Length - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (stocked[i], stocked[j]) = (stocked[j], stocked[i]);
            }
            foreach (
                var (family, variant, position) in stocked
                    .Take(ItemsPerSite)
                    .OrderBy(item => item.family.Category, StringComparer.Ordinal)
            )
            {
                var manufacturer = random.Pick(family.Manufacturers);
                var cents = random.Between(
                    (long)(family.MinimumCost * 100),
                    (long)(family.MaximumCost * 100)
                );
                var unitCost = cents / 100m;
                var minimum = unitCost > 200m ? random.Between(1, 2) : random.Between(2, 12);
                var maximum = minimum * random.Between(3, 5);
                var created = DemoTimeline
                    .MasterDataEntered.AddDays(random.Between(10, 900))
                    .AddMinutes(random.Between(0, 600));
                var prefix = new string(
                    manufacturer.Where(char.IsAsciiLetter).Take(3).ToArray()
                ).ToUpperInvariant();
                var part = new DemoPart(
                    $"PRT-{entries.Count + 1:D4}",
                    $"{prefix}-{Format(family.Number, variant, position).Replace(' ', '-')}",
                    Format(family.Name, variant, position),
                    family.Category,
                    manufacturer,
                    family.Unit,
                    unitCost,
                    maximum,
                    minimum,
                    maximum,
                    $"{site.Name} Storeroom",
                    site.Id,
                    vendorByName[random.Pick(SuppliersByCategory[family.Category])].Id,
                    created,
                    created,
                    null
                );
                entries.Add(new DemoPartEntry(part, s, DemoStock.Plan(ref random, minimum)));
            }
        }
        return entries;
    }

    private static string Format(string template, string variant, int position) =>
        string.Format(
            CultureInfo.InvariantCulture,
            template,
            variant,
            (position + 1).ToString("D3", CultureInfo.InvariantCulture)
        );
}
