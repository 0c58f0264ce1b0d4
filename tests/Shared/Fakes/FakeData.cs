namespace Makini.Flows.Tests.Fakes;

/// <summary>
/// Deterministic maintenance data: the same seed gives the same names and numbers; times are spread over the 120
/// days before <see cref="Now"/>, so a read since some day in between returns a strict subset.
/// </summary>
public sealed class FakeData(int seed, DateTimeOffset now)
{
    private readonly Random _random = new(seed);

    public const int HistoryDays = 120;

    public DateTimeOffset Now { get; } = now;

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    public int Next(int minInclusive, int maxExclusive) => _random.Next(minInclusive, maxExclusive);

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public bool Chance(double probability) => _random.NextDouble() < probability;

    /// <summary>A moment within the history, whole seconds.</summary>
    public DateTimeOffset Within(int days = HistoryDays) =>
        Now - TimeSpan.FromSeconds(_random.Next(60, days * 24 * 3600));

    /// <summary>A creation time and a later modification time within the history.</summary>
    public (DateTimeOffset Created, DateTimeOffset Modified) CreatedAndModified()
    {
        var modified = Within();
        var created = modified - TimeSpan.FromSeconds(_random.Next(0, 200 * 24 * 3600));
        return (created, modified);
    }

    public string Person(int index) =>
        $"{FirstNames[index % FirstNames.Length]} {LastNames[index * 7 % LastNames.Length]}";

    public string FirstName(int index) => FirstNames[index % FirstNames.Length];

    public string LastName(int index) => LastNames[index * 7 % LastNames.Length];

    public string Equipment(int index) =>
        $"{EquipmentKinds[index % EquipmentKinds.Length]} {Codes[index % Codes.Length]}-{index + 1:D3}";

    public string Place(int index) =>
        index < Sites.Length
            ? Sites[index]
            : $"{Sites[index % Sites.Length]} - {Areas[index / Sites.Length % Areas.Length]}";

    public string Task(int index, string equipment) => $"{Tasks[index % Tasks.Length]} {equipment}";

    public string Part(int index) =>
        $"{PartKinds[index % PartKinds.Length]} {PartSizes[index / PartKinds.Length % PartSizes.Length]}";

    public string Company(int index) =>
        Companies[index % Companies.Length]
        + (index >= Companies.Length ? $" {index / Companies.Length + 1}" : "");

    public static readonly string[] FirstNames =
    [
        "Maria",
        "James",
        "Aisha",
        "Tomasz",
        "Elena",
        "David",
        "Priya",
        "Lukas",
        "Sofia",
        "Omar",
        "Hannah",
        "Carlos",
        "Mei",
        "Jonas",
        "Fatima",
        "Peter",
        "Ana",
        "Kenji",
        "Laura",
        "Samuel",
    ];

    public static readonly string[] LastNames =
    [
        "Novak",
        "Okafor",
        "Schmidt",
        "Garcia",
        "Kowalski",
        "Chen",
        "Haddad",
        "Johansson",
        "Rossi",
        "Patel",
        "Dubois",
        "Silva",
        "Tanaka",
        "Murphy",
        "Horvat",
        "Berg",
        "Costa",
        "Yilmaz",
    ];

    public static readonly string[] EquipmentKinds =
    [
        "Air Compressor",
        "Conveyor",
        "Hydraulic Press",
        "Boiler",
        "Chiller",
        "Forklift",
        "CNC Lathe",
        "Packaging Line",
        "Cooling Tower",
        "Pump",
        "Generator",
        "Rooftop HVAC Unit",
        "Mixer",
        "Extruder",
    ];

    public static readonly string[] Codes =
    [
        "AC",
        "CV",
        "HP",
        "BL",
        "CH",
        "FL",
        "LT",
        "PK",
        "CT",
        "PU",
        "GN",
        "HV",
        "MX",
        "EX",
    ];

    public static readonly string[] Sites =
    [
        "Plant North",
        "Plant South",
        "Distribution Center",
        "Head Office",
        "Service Depot",
    ];

    public static readonly string[] Areas =
    [
        "Boiler Room",
        "Assembly Hall",
        "Warehouse",
        "Roof",
        "Loading Dock",
        "Paint Shop",
        "Machine Shop",
        "Utility Room",
        "Quality Lab",
        "Cold Store",
    ];

    public static readonly string[] Tasks =
    [
        "Replace drive belt on",
        "Lubricate bearings of",
        "Inspect",
        "Quarterly PM for",
        "Fix oil leak on",
        "Calibrate sensors of",
        "Replace filters of",
        "Investigate noise from",
        "Clean condenser of",
        "Safety check of",
    ];

    public static readonly string[] PartKinds =
    [
        "V-belt",
        "Ball bearing",
        "Air filter",
        "Hydraulic hose",
        "Contactor",
        "Fuse",
        "O-ring kit",
        "Proximity sensor",
        "Grease cartridge",
        "Motor coupling",
    ];

    public static readonly string[] PartSizes =
    [
        "S",
        "M",
        "L",
        "XL",
        "6204",
        "6305",
        "24V",
        "400V",
    ];

    public static readonly string[] Companies =
    [
        "Acme Industrial Supply",
        "Northwind Bearings",
        "Contoso Hydraulics",
        "Fabrikam Electric",
        "Globex Filters",
        "Initech Services",
        "Umbrella Safety",
        "Stark Mechanical",
    ];
}
