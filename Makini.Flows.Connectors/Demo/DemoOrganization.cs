namespace Makini.Flows.Connectors.Demo;

/// <summary>The people of one site, by what they do: who is assigned work, who plans it, who buys parts.</summary>
internal sealed record DemoSiteStaff(
    DemoUser Manager,
    DemoUser Planner,
    DemoUser Storekeeper,
    IReadOnlyList<DemoUser> Supervisors,
    IReadOnlyList<DemoUser> Technicians
)
{
    public IReadOnlyList<DemoUser> Requesters { get; } = [.. Supervisors, .. Technicians];
}

/// <summary>The demo company's sites with their locations, its staff and its suppliers; none of these change.</summary>
internal sealed class DemoOrganization
{
    public const string CompanyName = "Riverbend Foods Inc.";
    public const string DemoUserId = "USR-001";
    private const int TechniciansAcrossSites = 29;
    private static readonly string[] AreaCodes = ["937", "815", "864", "253"];
    private static readonly string[] TechnicianTitles =
    [
        "Maintenance Technician I",
        "Maintenance Technician II",
        "Maintenance Technician III",
        "Electrician",
        "Millwright",
        "HVAC Technician",
        "Instrument Technician",
    ];

    public IReadOnlyList<DemoSite> Sites { get; }
    public IReadOnlyList<DemoLocation> Locations { get; }
    public IReadOnlyList<IReadOnlyList<DemoLocation>> LocationsBySite { get; }
    public IReadOnlyList<DemoLocationLayout> LayoutOf { get; }
    public IReadOnlyList<DemoUser> Users { get; }
    public IReadOnlyList<DemoSiteStaff> Staff { get; }
    public IReadOnlyList<DemoVendor> Vendors { get; }

    public DemoOrganization(long seed)
    {
        var sites = new List<DemoSite>();
        var locations = new List<DemoLocation>();
        var bySite = new List<IReadOnlyList<DemoLocation>>();
        var layoutOf = new List<DemoLocationLayout>();
        var random = DemoRandom.For(seed, (long)DemoStreams.Sites);
        for (var s = 0; s < DemoSiteLayouts.All.Count; s++)
        {
            var layout = DemoSiteLayouts.All[s];
            var created = DemoTimeline
                .MasterDataEntered.AddDays(s * 3)
                .AddMinutes(random.Between(0, 300));
            var site = new DemoSite(
                $"SITE-{s + 1:D2}",
                layout.Code,
                layout.Name,
                layout.Description,
                new DemoAddress(layout.Street, layout.City, layout.Region, layout.PostalCode, "US"),
                layout.TimeZone,
                created,
                created.AddDays(random.Between(1, 400)).AddMinutes(random.Between(0, 600)),
                null
            );
            sites.Add(site);
            var first = locations.Count;
            var own = new List<DemoLocation>();
            for (var l = 0; l < layout.Locations.Count; l++)
            {
                var place = layout.Locations[l];
                var at = created.AddHours(2 + l).AddMinutes(random.Between(0, 50));
                var location = new DemoLocation(
                    $"LOC-{locations.Count + 1:D3}",
                    $"{layout.Code}-{l + 1:D2}",
                    place.Name,
                    place.Type,
                    place.Parent is { } parent ? $"LOC-{first + parent + 1:D3}" : null,
                    site.Id,
                    at,
                    random.Chance(0.3) ? at.AddDays(random.Between(10, 600)) : at,
                    null
                );
                locations.Add(location);
                own.Add(location);
                layoutOf.Add(place);
            }
            bySite.Add(own);
        }
        Sites = sites;
        Locations = locations;
        LocationsBySite = bySite;
        LayoutOf = layoutOf;
        (Users, Staff) = CreateUsers(seed, sites);
        Vendors = CreateVendors(seed);
    }

    private static (IReadOnlyList<DemoUser>, IReadOnlyList<DemoSiteStaff>) CreateUsers(
        long seed,
        IReadOnlyList<DemoSite> sites
    )
    {
        var random = DemoRandom.For(seed, (long)DemoStreams.Users);
        var users = new List<DemoUser>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var entered = DemoTimeline.MasterDataEntered;
        users.Add(
            new DemoUser(
                DemoUserId,
                DemoCredentials.Username,
                "Demo",
                "Administrator",
                "Demo Administrator",
                "admin",
                "Maintenance Systems Administrator",
                "+1-937-555-0100",
                null,
                true,
                entered,
                entered,
                null
            )
        );

        DemoUser Person(int site, string role, string jobTitle)
        {
            string first,
                last;
            do
            {
                first = random.Pick(DemoPeople.FirstNames);
                last = random.Pick(DemoPeople.LastNames);
            } while (!taken.Add(first + " " + last));
            var created = entered
                .AddDays(random.Between(0, 900))
                .AddMinutes(random.Between(0, 600));
            var active = role != "technician" || !random.Chance(0.07);
            var number = users.Count;
            return new DemoUser(
                $"USR-{number + 1:D3}",
                $"{first}.{last}@{DemoPeople.CompanyDomain}".ToLowerInvariant(),
                first,
                last,
                $"{first} {last}",
                role,
                jobTitle,
                $"+1-{AreaCodes[site % AreaCodes.Length]}-555-01{number:D2}",
                sites[site].Id,
                active,
                created,
                active
                    ? created.AddDays(random.Between(0, 200))
                    : created.AddDays(random.Between(200, 700)),
                null
            );
        }

        var staff = new List<DemoSiteStaff>();
        var technicians = Enumerable
            .Range(0, sites.Count)
            .Select(_ => new List<DemoUser>())
            .ToList();
        var supervisors = Enumerable
            .Range(0, sites.Count)
            .Select(_ => new List<DemoUser>())
            .ToList();
        var leads = new List<(DemoUser Manager, DemoUser Planner, DemoUser Storekeeper)>();
        for (var s = 0; s < sites.Count; s++)
        {
            var manager = Person(s, "manager", "Maintenance Manager");
            users.Add(manager);
            var planner = Person(s, "planner", "Maintenance Planner");
            users.Add(planner);
            var storekeeper = Person(s, "storekeeper", "Storeroom Clerk");
            users.Add(storekeeper);
            for (var i = 0; i < 2; i++)
            {
                var supervisor = Person(s, "supervisor", "Maintenance Supervisor");
                users.Add(supervisor);
                supervisors[s].Add(supervisor);
            }
            leads.Add((manager, planner, storekeeper));
        }
        for (var t = 0; t < TechniciansAcrossSites; t++)
        {
            var site = t % sites.Count;
            var technician = Person(site, "technician", random.Pick(TechnicianTitles));
            users.Add(technician);
            technicians[site].Add(technician);
        }
        for (var s = 0; s < sites.Count; s++)
            staff.Add(
                new DemoSiteStaff(
                    leads[s].Manager,
                    leads[s].Planner,
                    leads[s].Storekeeper,
                    supervisors[s],
                    technicians[s].Where(u => u.Active).ToList()
                )
            );
        users.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return (users, staff);
    }

    private static IReadOnlyList<DemoVendor> CreateVendors(long seed)
    {
        var random = DemoRandom.For(seed, (long)DemoStreams.Vendors);
        var vendors = new List<DemoVendor>();
        for (var v = 0; v < DemoPeople.Vendors.Length; v++)
        {
            var (name, category) = DemoPeople.Vendors[v];
            var domain =
                new string(name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray())
                + ".example";
            var created = DemoTimeline
                .MasterDataEntered.AddDays(random.Between(0, 800))
                .AddMinutes(random.Between(0, 600));
            vendors.Add(
                new DemoVendor(
                    $"VND-{v + 1:D3}",
                    $"V{1000 + v * 7 + random.Between(0, 6)}",
                    name,
                    category,
                    $"{random.Pick(DemoPeople.FirstNames)} {random.Pick(DemoPeople.LastNames)}",
                    $"sales@{domain}",
                    $"+1-800-555-01{v:D2}",
                    $"https://www.{domain}",
                    created,
                    created.AddDays(random.Between(0, 500)),
                    null
                )
            );
        }
        return vendors;
    }
}
