namespace Makini.Flows.Connectors.Demo;

/// <summary>
/// A family of spare parts: every variant becomes one part (<c>{0}</c> in the name and number is the variant,
/// <c>{1}</c> in the number its position), made by one of the manufacturers, costing between the two figures.
/// </summary>
public sealed record DemoPartFamily(
    string Category,
    string Name,
    string Number,
    string[] Variants,
    string[] Manufacturers,
    string Unit,
    decimal MinimumCost,
    decimal MaximumCost
);

/// <summary>The storerooms' stock: bearings, belts, seals, filters, lubricants, electrical and fluid-power parts.</summary>
public static class DemoPartCatalog
{
    public static readonly IReadOnlyList<DemoPartFamily> Families =
    [
        new(
            "Bearings",
            "Deep groove ball bearing {0}-2RS",
            "{0}-2RS",
            ["6203", "6204", "6205", "6206", "6207", "6208", "6305", "6306", "6308", "6310"],
            ["SKF", "NSK", "FAG", "Timken"],
            "each",
            12m,
            85m
        ),
        new(
            "Bearings",
            "Pillow block bearing UCP{0}",
            "UCP{0}",
            ["205", "206", "207", "208", "210"],
            ["SKF", "Dodge", "Sealmaster"],
            "each",
            38m,
            160m
        ),
        new(
            "Belts",
            "V-belt {0}",
            "{0}",
            ["A38", "A42", "A48", "B46", "B52", "B60", "B68", "BX75", "3VX500", "5VX710"],
            ["Gates", "Optibelt", "Continental"],
            "each",
            9m,
            64m
        ),
        new(
            "Belts",
            "Timing belt {0}",
            "HTD-{0}",
            ["800-8M-20", "1200-8M-30", "1600-14M-40"],
            ["Gates", "Optibelt"],
            "each",
            45m,
            210m
        ),
        new(
            "Seals",
            "Mechanical seal {0} mm",
            "MS-{0}",
            ["25", "30", "35", "40", "45", "50"],
            ["John Crane", "Flowserve", "EagleBurgmann"],
            "each",
            180m,
            940m
        ),
        new(
            "Seals",
            "O-ring kit {0}",
            "ORK-{1}",
            ["NBR metric", "Viton metric", "EPDM food grade"],
            ["Parker", "Trelleborg"],
            "kit",
            35m,
            120m
        ),
        new(
            "Seals",
            "Shaft oil seal {0}",
            "OS-{0}",
            ["35x52x7", "40x62x8", "50x72x8", "60x80x10"],
            ["SKF", "Garlock"],
            "each",
            6m,
            28m
        ),
        new(
            "Filters",
            "Pleated air filter {0} MERV 13",
            "PF-{1}",
            ["12x24x2", "16x20x2", "20x20x2", "24x24x2", "24x24x4"],
            ["Camfil", "AAF Flanders"],
            "each",
            8m,
            32m
        ),
        new(
            "Filters",
            "Compressor {0}",
            "CF-{1}",
            ["oil filter", "air intake filter", "air/oil separator"],
            ["Atlas Copco", "Kaeser", "Ingersoll Rand"],
            "each",
            40m,
            420m
        ),
        new(
            "Filters",
            "Hydraulic return filter {0} micron",
            "HRF-{0}U",
            ["10", "25"],
            ["Parker", "Donaldson"],
            "each",
            28m,
            95m
        ),
        new(
            "Lubricants",
            "{0}",
            "LUB-{1}",
            [
                "Food-grade grease NLGI 2, 400 g",
                "Multipurpose grease EP2, 400 g",
                "Hydraulic oil ISO VG 46, 20 L",
                "Gear oil ISO VG 220, 20 L",
                "Compressor oil, 5 L",
                "Chain lubricant spray, 400 ml",
            ],
            ["Mobil", "Shell", "Klüber"],
            "each",
            9m,
            240m
        ),
        new(
            "Electrical",
            "Contactor 3-pole {0}",
            "CT-{0}",
            ["9 A", "18 A", "25 A", "40 A", "65 A"],
            ["Schneider Electric", "Siemens", "Allen-Bradley"],
            "each",
            32m,
            260m
        ),
        new(
            "Electrical",
            "Overload relay {0}",
            "OL-{0}",
            ["7-10 A", "12-18 A", "23-32 A"],
            ["Schneider Electric", "Siemens"],
            "each",
            48m,
            140m
        ),
        new(
            "Electrical",
            "Class J fuse {0}",
            "FJ-{0}",
            ["10 A", "20 A", "30 A", "60 A", "100 A"],
            ["Bussmann", "Littelfuse"],
            "each",
            9m,
            46m
        ),
        new(
            "Electrical",
            "{0}",
            "SEN-{1}",
            [
                "Inductive proximity sensor M18",
                "Photoelectric sensor, retroreflective",
                "Safety light curtain receiver",
                "Temperature transmitter 4-20 mA",
                "Pressure transmitter 0-10 bar",
            ],
            ["Banner", "SICK", "ifm", "Endress+Hauser"],
            "each",
            60m,
            890m
        ),
        new(
            "Electrical",
            "LED high bay fixture {0}",
            "LED-{0}",
            ["150 W", "200 W"],
            ["Lithonia", "Philips"],
            "each",
            140m,
            310m
        ),
        new(
            "Fluid power",
            "Hydraulic hose assembly {0}",
            "HH-{1}",
            ["1/4 in x 1 m", "3/8 in x 1 m", "1/2 in x 2 m", "3/4 in x 2 m"],
            ["Parker", "Gates"],
            "each",
            24m,
            115m
        ),
        new(
            "Fluid power",
            "Pneumatic cylinder {0}",
            "PC-{0}",
            ["32x50", "40x100", "63x160"],
            ["Festo", "SMC", "Norgren"],
            "each",
            65m,
            290m
        ),
        new(
            "Fluid power",
            "Solenoid valve {0}",
            "SV-{1}",
            ["1/4 in 24 VDC", "1/2 in 24 VDC", "1/2 in 120 VAC"],
            ["ASCO", "Festo", "SMC"],
            "each",
            55m,
            240m
        ),
        new(
            "Conveyor",
            "Conveyor roller 1.9 in x {0}",
            "CR-{1}",
            ["15 in", "21 in", "27 in", "33 in"],
            ["Hytrol", "Interroll"],
            "each",
            14m,
            42m
        ),
        new(
            "Conveyor",
            "Roller chain {0}, 10 ft",
            "RC-{0}",
            ["#40", "#50", "#60", "#80"],
            ["Tsubaki", "Renold", "Rexnord"],
            "each",
            38m,
            210m
        ),
        new(
            "Conveyor",
            "Sprocket {0}",
            "SP-{0}",
            ["40B15", "50B18", "60B15", "60B24"],
            ["Martin", "Tsubaki"],
            "each",
            18m,
            95m
        ),
        new(
            "Conveyor",
            "Belt lacing kit {0}",
            "BL-{1}",
            ["Alligator 7", "Clipper 1"],
            ["Flexco"],
            "kit",
            55m,
            180m
        ),
        new(
            "Pumps",
            "Pump impeller {0}",
            "IMP-{0}",
            ["CR 32", "3196 ST 8 in", "Etanorm 250"],
            ["Grundfos", "Goulds", "KSB"],
            "each",
            320m,
            1450m
        ),
        new(
            "Pumps",
            "Coupling element {0}",
            "CPL-{0}",
            ["L-095", "L-110", "Jaw 75", "Grid 1060T"],
            ["Lovejoy", "Falk"],
            "each",
            16m,
            120m
        ),
        new(
            "HVAC",
            "Refrigerant {0}",
            "REF-{1}",
            ["R-410A 25 lb", "R-134a 30 lb"],
            ["Chemours"],
            "cylinder",
            180m,
            520m
        ),
        new(
            "HVAC",
            "Fan belt {0}",
            "FB-{0}",
            ["AX38", "AX46", "BX55"],
            ["Gates", "Browning"],
            "each",
            12m,
            36m
        ),
        new(
            "HVAC",
            "Damper actuator {0}",
            "DA-{1}",
            ["24 VAC on/off", "24 VAC modulating"],
            ["Belimo", "Honeywell"],
            "each",
            120m,
            390m
        ),
        new(
            "Safety",
            "{0}",
            "SAF-{1}",
            [
                "Lockout padlock, red",
                "Lockout hasp",
                "Nitrile gloves, box of 100",
                "Safety glasses, clear",
                "Ear plugs, box of 200",
            ],
            ["Master Lock", "Brady", "3M", "Ansell"],
            "each",
            4m,
            48m
        ),
        new(
            "Fasteners",
            "{0}",
            "FST-{1}",
            [
                "Hex bolt M12x50 grade 8.8, box of 50",
                "Hex nut M12, box of 100",
                "Flat washer M12, box of 100",
                "Stainless cap screw M8x25, box of 100",
            ],
            ["Fastenal", "Würth"],
            "box",
            9m,
            62m
        ),
    ];
}
