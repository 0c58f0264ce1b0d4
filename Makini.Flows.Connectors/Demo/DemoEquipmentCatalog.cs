namespace Makini.Flows.Connectors.Demo;

/// <summary>
/// A kind of equipment: the makes and models it comes in, where it stands, what it is built from (motors, gearboxes,
/// drives as child assets) and the work it typically needs.
/// </summary>
public sealed record DemoEquipment(
    string Key,
    string Name,
    string TagPrefix,
    DemoZone[] Zones,
    (string Manufacturer, string Model)[] Models,
    string Criticality,
    string[] Children,
    string[] Corrective,
    string[] Preventive,
    string[] Inspection
);

/// <summary>Equipment categories with real makes and models, and the work orders written against them.</summary>
public static class DemoEquipmentCatalog
{
    private static readonly DemoZone[] Production = [DemoZone.Production];

    public static readonly IReadOnlyDictionary<string, DemoEquipment> All = new[]
    {
        new DemoEquipment(
            "pump",
            "Centrifugal Pump",
            "P",
            [DemoZone.Production, DemoZone.Utilities],
            [
                ("Grundfos", "CR 32-2"),
                ("Grundfos", "NB 65-200"),
                ("Goulds", "3196 MTX"),
                ("Goulds", "e-SV 33SV"),
                ("KSB", "Etanorm 065-040-250"),
                ("Flowserve", "Durco Mark 3"),
            ],
            "medium",
            ["motor"],
            [
                "Replace leaking mechanical seal",
                "Investigate cavitation noise",
                "Repair leaking flange gasket",
                "Pump not reaching discharge pressure",
                "Replace worn impeller",
            ],
            [
                "Quarterly PM: check alignment and grease bearings",
                "Annual seal and coupling inspection",
            ],
            ["Monthly vibration route", "Check suction and discharge pressures"]
        ),
        new DemoEquipment(
            "mixer",
            "Batch Mixer",
            "MX",
            Production,
            [("SPX Flow", "Lightnin LBDT"), ("Ross", "HSM-100LSK"), ("Silverson", "AX60")],
            "high",
            ["motor", "gearbox"],
            [
                "Agitator seal leaking product",
                "Mixer gearbox running hot",
                "Replace scraper blades",
            ],
            ["Monthly PM: change gearbox oil and check seals", "Sanitary gasket replacement"],
            ["Weekly sanitation inspection"]
        ),
        new DemoEquipment(
            "filler",
            "Bottle Filler",
            "FIL",
            Production,
            [("Krones", "Modulfill VFS"), ("Sidel", "EvoFILL Can"), ("KHS", "Innofill Glass DRS")],
            "high",
            ["motor", "vfd"],
            [
                "Fill level out of tolerance on valves 12-18",
                "Capper torque alarm",
                "Replace worn star wheel",
            ],
            ["Weekly PM: lubricate and inspect filling valves", "Quarterly capper head rebuild"],
            ["Daily pre-start checklist"]
        ),
        new DemoEquipment(
            "case-packer",
            "Case Packer",
            "CP",
            Production,
            [
                ("Douglas", "Axiom"),
                ("Pearson", "CP30"),
                ("Schneider Packaging", "Robotic Case Packer"),
            ],
            "medium",
            ["motor", "vfd"],
            ["Case erector jamming", "Glue system not firing", "Vacuum cups worn"],
            ["Monthly PM: inspect vacuum system and glue guns"],
            ["Weekly guard and interlock check"]
        ),
        new DemoEquipment(
            "palletizer",
            "Palletizer",
            "PAL",
            [DemoZone.Production, DemoZone.Warehouse],
            [("FANUC", "M-410iC/185"), ("Columbia", "FL2000"), ("Premier Tech", "Chronos RPM")],
            "medium",
            ["motor", "vfd"],
            ["Robot gripper fault", "Layer pattern misaligned", "Pallet dispenser jam"],
            ["Quarterly PM: grease robot joints, check gripper"],
            ["Monthly safety light curtain test"]
        ),
        new DemoEquipment(
            "conveyor",
            "Belt Conveyor",
            "CV",
            [DemoZone.Production, DemoZone.Dock, DemoZone.Warehouse],
            [
                ("Hytrol", "E24EZ"),
                ("Hytrol", "190-ACC"),
                ("Dorner", "3200 Series"),
                ("Interroll", "RollerDrive EC5000"),
            ],
            "low",
            ["motor", "gearbox"],
            [
                "Belt tracking off center",
                "Replace seized return rollers",
                "Conveyor stops intermittently",
                "Replace worn drive belt",
                "Repair damaged belt splice",
            ],
            ["Monthly PM: check belt tension and tracking", "Quarterly PM: lubricate drive chain"],
            ["Weekly emergency stop and pull-cord test"]
        ),
        new DemoEquipment(
            "air-compressor",
            "Air Compressor",
            "AC",
            [DemoZone.Compressor],
            [
                ("Atlas Copco", "GA 37 VSD+"),
                ("Atlas Copco", "GA 75"),
                ("Ingersoll Rand", "R55n"),
                ("Kaeser", "SFC 45"),
                ("Sullair", "LS-110"),
            ],
            "high",
            [],
            [
                "High discharge temperature alarm",
                "Replace air/oil separator",
                "Compressor trips on overload",
                "Oil leak at cooler",
            ],
            [
                "2,000 h service: oil, filters and separator",
                "Annual PM: drain valves and safety valve test",
            ],
            ["Weekly check of oil level and dew point"]
        ),
        new DemoEquipment(
            "air-dryer",
            "Refrigerated Air Dryer",
            "AD",
            [DemoZone.Compressor],
            [("Atlas Copco", "FD 120"), ("Kaeser", "TD 76"), ("Parker", "SPE 100")],
            "medium",
            [],
            ["High dew point alarm", "Condensate drain stuck open"],
            ["Semi-annual PM: clean condenser and test drain"],
            ["Weekly dew point reading"]
        ),
        new DemoEquipment(
            "boiler",
            "Steam Boiler",
            "B",
            [DemoZone.Utilities],
            [("Cleaver-Brooks", "CBEX Elite 200"), ("Fulton", "VMP-30"), ("Miura", "LX-200")],
            "critical",
            ["pump"],
            ["Low water cutoff tripped", "Burner fails to ignite", "Steam leak at header valve"],
            [
                "Annual boiler inspection preparation",
                "Quarterly PM: clean burner and check combustion",
            ],
            ["Daily boiler log and blowdown", "Monthly low water cutoff test"]
        ),
        new DemoEquipment(
            "chiller",
            "Water Chiller",
            "CH",
            [DemoZone.Utilities],
            [("Trane", "CGAM 070"), ("Carrier", "30XA 140"), ("York", "YLAA0150")],
            "critical",
            [],
            ["Low refrigerant pressure alarm", "Chilled water temperature above set point"],
            ["Semi-annual PM: clean condenser coils, check charge"],
            ["Weekly chiller log readings"]
        ),
        new DemoEquipment(
            "cooling-tower",
            "Cooling Tower",
            "CT",
            [DemoZone.Roof, DemoZone.Utilities],
            [("BAC", "Series 3000"), ("Evapco", "AT 112"), ("Marley", "NC Everest")],
            "medium",
            ["motor", "gearbox"],
            ["Fan gearbox vibration", "Basin heater not working"],
            ["Quarterly PM: clean basin and inspect fill", "Monthly water treatment service"],
            ["Weekly legionella control check"]
        ),
        new DemoEquipment(
            "air-handler",
            "Air Handling Unit",
            "AHU",
            [DemoZone.Roof, DemoZone.Utilities],
            [("Trane", "Performance Climate Changer"), ("Carrier", "39M"), ("Daikin", "Vision")],
            "medium",
            ["motor", "vfd"],
            [
                "Supply fan belt squealing",
                "Zone too warm, check damper actuator",
                "Condensate pan overflowing",
            ],
            ["Quarterly PM: replace filters and check belts"],
            ["Monthly filter differential pressure check"]
        ),
        new DemoEquipment(
            "rooftop-unit",
            "Rooftop Unit",
            "RTU",
            [DemoZone.Roof],
            [("Carrier", "48FC"), ("Lennox", "Energence LGH"), ("Trane", "Voyager")],
            "low",
            [],
            ["Unit not cooling", "Compressor short cycling", "Economizer damper stuck"],
            ["Spring start-up PM", "Fall heating PM", "Quarterly filter change"],
            ["Monthly refrigerant leak check"]
        ),
        new DemoEquipment(
            "exhaust-fan",
            "Exhaust Fan",
            "EF",
            [DemoZone.Roof],
            [("Greenheck", "SQ-120"), ("Loren Cook", "CPS"), ("Twin City", "BCV")],
            "low",
            ["motor"],
            ["Fan not running", "Excessive noise from fan bearing"],
            ["Semi-annual PM: grease bearings, check belt"],
            ["Quarterly operational check"]
        ),
        new DemoEquipment(
            "transformer",
            "Power Transformer",
            "TR",
            [DemoZone.Electrical],
            [
                ("Eaton", "1500 kVA pad-mount"),
                ("Siemens", "GEAFOL 1000 kVA"),
                ("ABB", "RESIBLOC 750 kVA"),
            ],
            "critical",
            [],
            ["Transformer temperature alarm"],
            ["Annual infrared scan and oil sample"],
            ["Monthly visual inspection"]
        ),
        new DemoEquipment(
            "generator",
            "Standby Generator",
            "GEN",
            [DemoZone.Electrical],
            [("Caterpillar", "C15 500 kW"), ("Cummins", "C500 D6"), ("Kohler", "KD500")],
            "critical",
            [],
            ["Generator failed weekly exercise", "Battery charger fault"],
            ["Annual load bank test", "Semi-annual PM: oil, filters, coolant"],
            ["Weekly no-load exercise"]
        ),
        new DemoEquipment(
            "fire-pump",
            "Fire Pump",
            "FP",
            [DemoZone.Utilities],
            [("Aurora", "481 Series"), ("Peerless", "8AEF17"), ("Patterson", "HSC")],
            "critical",
            ["motor"],
            ["Jockey pump cycling too often", "Packing gland leaking"],
            ["Annual fire pump flow test"],
            ["Weekly churn test"]
        ),
        new DemoEquipment(
            "forklift",
            "Forklift",
            "FL",
            [DemoZone.Warehouse, DemoZone.Dock],
            [("Toyota", "8FGCU25"), ("Hyster", "H50FT"), ("Crown", "RR 5700"), ("Raymond", "7500")],
            "low",
            [],
            [
                "Hydraulic leak at mast",
                "Horn not working",
                "Replace worn forks",
                "Battery not holding charge",
            ],
            ["250 h PM service", "Annual forklift certification inspection"],
            ["Daily pre-use inspection"]
        ),
        new DemoEquipment(
            "dock-leveler",
            "Dock Leveler",
            "DL",
            [DemoZone.Dock],
            [("Rite-Hite", "HL-10"), ("Kelley", "HK Series"), ("Blue Giant", "XDS")],
            "low",
            [],
            ["Leveler lip not extending", "Dock seal torn", "Hydraulic cylinder leaking"],
            ["Semi-annual PM: lubricate hinges, check hydraulics"],
            ["Monthly dock safety inspection"]
        ),
        new DemoEquipment(
            "stretch-wrapper",
            "Stretch Wrapper",
            "SW",
            [DemoZone.Warehouse, DemoZone.Dock],
            [("Lantech", "Q-300"), ("Robopac", "Rotoplat 708"), ("Wulftec", "WRTA-150")],
            "low",
            ["motor"],
            ["Film breaking during wrap", "Turntable not rotating"],
            ["Quarterly PM: clean pre-stretch rollers"],
            ["Weekly safety check"]
        ),
        new DemoEquipment(
            "corrugator",
            "Corrugator",
            "COR",
            Production,
            [("BHS Corrugated", "Modul-Facer MF-A"), ("Fosber", "S-Line")],
            "critical",
            ["motor", "gearbox", "vfd"],
            [
                "Single facer roll bearing noise",
                "Glue gap out of adjustment",
                "Steam leak at preheater",
            ],
            ["Monthly PM: inspect corrugating rolls", "Quarterly steam trap survey"],
            ["Shift start inspection"]
        ),
        new DemoEquipment(
            "die-cutter",
            "Rotary Die Cutter",
            "RDC",
            Production,
            [("Bobst", "Mastercut 1.7"), ("Sun Automation", "Rotary Die Cutter")],
            "high",
            ["motor", "vfd"],
            ["Die board misregistration", "Anvil cover worn"],
            ["Monthly PM: anvil rotation and grind"],
            ["Weekly guard inspection"]
        ),
        new DemoEquipment(
            "folder-gluer",
            "Folder-Gluer",
            "FG",
            Production,
            [("Bobst", "Expertfold 110"), ("Vega", "Evolution 1100")],
            "high",
            ["motor", "vfd"],
            ["Glue gun clogged", "Carrier belt slipping"],
            ["Monthly PM: replace carrier belts and clean glue system"],
            ["Weekly safety interlock test"]
        ),
        new DemoEquipment(
            "refrigeration-compressor",
            "Ammonia Screw Compressor",
            "RC",
            [DemoZone.Compressor],
            [("Frick", "RWF II 222"), ("Vilter", "VSM-601"), ("Mycom", "250VLD")],
            "critical",
            ["motor"],
            [
                "High oil temperature alarm",
                "Slide valve not loading",
                "Ammonia odor near shaft seal",
            ],
            ["8,000 h PM: oil change and filter", "Annual vibration analysis"],
            ["Daily engine room log"]
        ),
        new DemoEquipment(
            "evaporator",
            "Evaporator Unit",
            "EVP",
            [DemoZone.Cold],
            [("Evapco", "SST"), ("Colmac", "ALD"), ("Krack", "HSQ")],
            "medium",
            ["motor"],
            ["Coil iced over, defrost failed", "Evaporator fan motor failed"],
            ["Quarterly PM: clean coil and check defrost cycle"],
            ["Weekly room temperature check"]
        ),
        new DemoEquipment(
            "condenser",
            "Evaporative Condenser",
            "CD",
            [DemoZone.Roof],
            [("Evapco", "PMCQ"), ("BAC", "CXVB")],
            "high",
            ["motor", "pump"],
            ["Spray pump not running", "Scale build-up on coil"],
            ["Quarterly PM: clean basin and check water treatment"],
            ["Weekly visual inspection"]
        ),
        new DemoEquipment(
            "motor",
            "Electric Motor",
            "M",
            Production,
            [
                ("WEG", "W22 15 HP"),
                ("Baldor", "EM2333T"),
                ("Siemens", "1LE1001"),
                ("ABB", "M3BP 160"),
                ("Nidec", "US Motors 10 HP"),
            ],
            "medium",
            [],
            ["Motor overheating", "Replace failed motor bearings", "Motor trips on ground fault"],
            ["Semi-annual PM: grease bearings and megger test"],
            ["Quarterly infrared scan"]
        ),
        new DemoEquipment(
            "gearbox",
            "Gear Reducer",
            "GB",
            Production,
            [
                ("SEW-Eurodrive", "R67"),
                ("Sumitomo", "Cyclo 6000"),
                ("Falk", "Ultramax"),
                ("Nord", "SK 9022.1"),
            ],
            "medium",
            [],
            ["Gearbox oil leak at output seal", "Gearbox noisy under load"],
            ["Annual oil change"],
            ["Quarterly oil level check"]
        ),
        new DemoEquipment(
            "vfd",
            "Variable Frequency Drive",
            "VFD",
            [DemoZone.Electrical],
            [("ABB", "ACS880"), ("Allen-Bradley", "PowerFlex 755"), ("Danfoss", "VLT FC 302")],
            "medium",
            [],
            ["Drive overcurrent fault", "Drive cooling fan failed"],
            ["Annual PM: clean heat sink, check capacitors"],
            ["Quarterly fault log review"]
        ),
    }.ToDictionary(e => e.Key, StringComparer.Ordinal);

    /// <summary>Work on a location without an asset (lighting, doors, safety walks).</summary>
    public static readonly string[] FacilityCorrective =
    [
        "Replace failed light fixtures",
        "Repair damaged roll-up door",
        "Fix roof leak",
        "Clear blocked floor drain",
        "Repair damaged guard rail",
    ];

    public static readonly string[] FacilityPreventive =
    [
        "Monthly pest control service",
        "Quarterly emergency lighting test",
        "Clean floor drains and trenches",
    ];

    public static readonly string[] FacilityInspection =
    [
        "Monthly safety walk",
        "Fire extinguisher inspection",
        "Eyewash station weekly check",
    ];
}
