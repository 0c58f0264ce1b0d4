namespace Makini.Flows.Connectors.Demo;

/// <summary>Where equipment of a kind stands: the asset generator places each category in locations of its zones.</summary>
public enum DemoZone
{
    Production,
    Utilities,
    Compressor,
    Electrical,
    Warehouse,
    Dock,
    Cold,
    Roof,
}

/// <summary>A location of a site's layout; <c>Parent</c> is the index of its parent in the same layout.</summary>
public sealed record DemoLocationLayout(string Name, string Type, int? Parent, DemoZone Zone);

/// <summary>One plant of the demo company: where it is, its buildings and rooms, and how much of each equipment it runs.</summary>
public sealed record DemoSiteLayout(
    string Code,
    string Name,
    string Description,
    string Street,
    string City,
    string Region,
    string PostalCode,
    string TimeZone,
    IReadOnlyList<DemoLocationLayout> Locations,
    IReadOnlyDictionary<string, int> Equipment
);

/// <summary>The four sites of the demo company (Riverbend Foods), written out by hand so they read like a real plant.</summary>
public static class DemoSiteLayouts
{
    public static readonly IReadOnlyList<DemoSiteLayout> All =
    [
        new(
            "RIV",
            "Riverside Plant",
            "Food processing plant: mixing, filling and packaging lines with their utilities.",
            "1200 River Road",
            "Dayton",
            "OH",
            "45402",
            "America/New_York",
            [
                new("Building A - Production", "building", null, DemoZone.Production),
                new("Line 1 - Mixing", "line", 0, DemoZone.Production),
                new("Line 2 - Filling", "line", 0, DemoZone.Production),
                new("Line 3 - Packaging", "line", 0, DemoZone.Production),
                new("CIP Room", "room", 0, DemoZone.Utilities),
                new("Building B - Utilities", "building", null, DemoZone.Utilities),
                new("Boiler Room", "room", 5, DemoZone.Utilities),
                new("Compressor Room", "room", 5, DemoZone.Compressor),
                new("Main Electrical Room", "room", 5, DemoZone.Electrical),
                new("Roof - Building A", "area", 0, DemoZone.Roof),
                new("Finished Goods Warehouse", "building", null, DemoZone.Warehouse),
                new("Shipping Dock", "area", 10, DemoZone.Dock),
                new("Maintenance Shop", "room", 5, DemoZone.Utilities),
            ],
            new Dictionary<string, int>
            {
                ["pump"] = 22,
                ["mixer"] = 6,
                ["filler"] = 3,
                ["case-packer"] = 3,
                ["palletizer"] = 2,
                ["conveyor"] = 14,
                ["air-compressor"] = 3,
                ["air-dryer"] = 2,
                ["boiler"] = 2,
                ["chiller"] = 2,
                ["cooling-tower"] = 2,
                ["air-handler"] = 6,
                ["exhaust-fan"] = 5,
                ["transformer"] = 2,
                ["generator"] = 1,
                ["fire-pump"] = 1,
                ["forklift"] = 5,
                ["dock-leveler"] = 4,
                ["stretch-wrapper"] = 2,
            }
        ),
        new(
            "LKV",
            "Lakeview Distribution Center",
            "Regional distribution center: receiving, sortation, pick module and shipping.",
            "85 Lakeview Parkway",
            "Joliet",
            "IL",
            "60431",
            "America/Chicago",
            [
                new("Distribution Building", "building", null, DemoZone.Warehouse),
                new("Receiving Dock", "area", 0, DemoZone.Dock),
                new("Shipping Dock", "area", 0, DemoZone.Dock),
                new("Sortation Area", "area", 0, DemoZone.Production),
                new("Pick Module", "area", 0, DemoZone.Production),
                new("Battery Charging Room", "room", 0, DemoZone.Electrical),
                new("Compressor Room", "room", 0, DemoZone.Compressor),
                new("Mechanical Room", "room", 0, DemoZone.Utilities),
                new("Roof", "area", 0, DemoZone.Roof),
                new("Office Building", "building", null, DemoZone.Utilities),
                new("Electrical Room", "room", 9, DemoZone.Electrical),
            ],
            new Dictionary<string, int>
            {
                ["conveyor"] = 34,
                ["forklift"] = 18,
                ["dock-leveler"] = 14,
                ["stretch-wrapper"] = 3,
                ["air-compressor"] = 2,
                ["air-dryer"] = 1,
                ["rooftop-unit"] = 8,
                ["exhaust-fan"] = 6,
                ["pump"] = 4,
                ["transformer"] = 2,
                ["generator"] = 1,
                ["fire-pump"] = 1,
            }
        ),
        new(
            "NGT",
            "Northgate Packaging",
            "Corrugated packaging plant: corrugator, folder-gluer and die-cut lines.",
            "4400 Northgate Industrial Blvd",
            "Greenville",
            "SC",
            "29607",
            "America/New_York",
            [
                new("Converting Hall", "building", null, DemoZone.Production),
                new("Corrugator Line", "line", 0, DemoZone.Production),
                new("Folder-Gluer Line", "line", 0, DemoZone.Production),
                new("Die-Cut Line", "line", 0, DemoZone.Production),
                new("Utility Building", "building", null, DemoZone.Utilities),
                new("Boiler House", "room", 4, DemoZone.Utilities),
                new("Compressor Room", "room", 4, DemoZone.Compressor),
                new("Electrical Substation", "area", 4, DemoZone.Electrical),
                new("Warehouse", "building", null, DemoZone.Warehouse),
                new("Loading Dock", "area", 8, DemoZone.Dock),
                new("Roof - Converting Hall", "area", 0, DemoZone.Roof),
            ],
            new Dictionary<string, int>
            {
                ["corrugator"] = 2,
                ["die-cutter"] = 3,
                ["folder-gluer"] = 3,
                ["conveyor"] = 16,
                ["palletizer"] = 2,
                ["stretch-wrapper"] = 2,
                ["pump"] = 10,
                ["boiler"] = 2,
                ["air-compressor"] = 3,
                ["air-dryer"] = 2,
                ["air-handler"] = 5,
                ["exhaust-fan"] = 6,
                ["cooling-tower"] = 1,
                ["transformer"] = 2,
                ["forklift"] = 8,
                ["dock-leveler"] = 6,
                ["fire-pump"] = 1,
            }
        ),
        new(
            "HBR",
            "Harbor Cold Storage",
            "Frozen and chilled storage with an ammonia refrigeration plant.",
            "2 Harbor Terminal Way",
            "Tacoma",
            "WA",
            "98421",
            "America/Los_Angeles",
            [
                new("Cold Storage Building", "building", null, DemoZone.Cold),
                new("Freezer Room 1", "room", 0, DemoZone.Cold),
                new("Freezer Room 2", "room", 0, DemoZone.Cold),
                new("Cooler Room", "room", 0, DemoZone.Cold),
                new("Blast Freezer", "room", 0, DemoZone.Cold),
                new("Engine Room", "room", 0, DemoZone.Compressor),
                new("Loading Dock", "area", 0, DemoZone.Dock),
                new("Mechanical Building", "building", null, DemoZone.Utilities),
                new("Electrical Room", "room", 7, DemoZone.Electrical),
                new("Roof - Cold Storage", "area", 0, DemoZone.Roof),
            ],
            new Dictionary<string, int>
            {
                ["refrigeration-compressor"] = 6,
                ["evaporator"] = 24,
                ["condenser"] = 4,
                ["pump"] = 8,
                ["forklift"] = 12,
                ["dock-leveler"] = 10,
                ["conveyor"] = 6,
                ["air-compressor"] = 1,
                ["rooftop-unit"] = 3,
                ["exhaust-fan"] = 4,
                ["transformer"] = 2,
                ["generator"] = 1,
                ["fire-pump"] = 1,
            }
        ),
    ];
}
