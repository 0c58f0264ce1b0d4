namespace Makini.Flows.Connectors.Demo;

/// <summary>One page of a collection, as the list endpoints answer it.</summary>
public sealed record DemoPage(
    IReadOnlyList<IDemoRecord> Data,
    int Page,
    int PerPage,
    int Total,
    int LastPage
);

/// <summary>
/// The Demo CMMS's data: a four-site plant generated from a fixed seed, whose orders, equipment status and stock move
/// with the clock. Nothing is stored as time passes: the state at an instant is computed from the seed and the
/// instant, so copies in several processes agree and memory stays at the master data (under a megabyte).
/// </summary>
public sealed class DemoDataSet
{
    public const long DefaultSeed = 15_2026;

    public static readonly IReadOnlyList<string> CollectionNames =
    [
        "sites",
        "locations",
        "assets",
        "work-orders",
        "parts",
        "users",
        "vendors",
        "purchase-orders",
    ];

    private readonly Dictionary<string, IDemoCollection> _collections;
    private readonly DemoWorkOrderCollection _workOrders;

    public DemoDataSet(long seed = DefaultSeed)
    {
        var plant = new DemoPlant(seed);
        var organization = plant.Organization;
        DemoUser = organization.Users.Single(u => u.Id == DemoOrganization.DemoUserId);
        _workOrders = new DemoWorkOrderCollection(
            new DemoWorkOrders(plant),
            new DemoWorkOrderEdits()
        );
        _collections = new Dictionary<string, IDemoCollection>(StringComparer.Ordinal)
        {
            ["sites"] = new DemoFixedCollection([.. organization.Sites]),
            ["locations"] = new DemoFixedCollection([.. organization.Locations]),
            ["assets"] = new DemoAssetCollection(plant.Assets),
            ["work-orders"] = _workOrders,
            ["parts"] = new DemoPartCollection(plant.Parts),
            ["users"] = new DemoFixedCollection([.. organization.Users]),
            ["vendors"] = new DemoFixedCollection([.. organization.Vendors]),
            ["purchase-orders"] = new DemoPurchaseOrderCollection(new DemoPurchaseOrders(plant)),
        };
    }

    /// <summary>The account the sample credentials sign in as.</summary>
    public DemoUser DemoUser { get; }

    public static bool IsCollection(string name) =>
        CollectionNames.Contains(name, StringComparer.Ordinal);

    /// <summary>
    /// A page of a collection in id order as it is at <paramref name="now"/>. Without <paramref name="updatedSince"/>
    /// deleted records are left out; with it, only records changed at or after it are listed, deleted ones included
    /// (with <c>deletedAt</c>).
    /// </summary>
    public DemoPage List(
        string collection,
        DateTimeOffset now,
        int page,
        int perPage,
        DateTimeOffset? updatedSince
    )
    {
        var source = _collections[collection];
        var at = DemoTimeline.Seconds(now);
        // Records change on whole seconds: a since with a fraction starts at the next second.
        var since = updatedSince is { } s
            ? DemoTimeline.Seconds(s) + (s.UtcTicks % TimeSpan.TicksPerSecond > 0 ? 1 : 0)
            : (long?)null;
        var skip = (long)(page - 1) * perPage;
        var total = 0;
        var keys = new List<long>(perPage);
        foreach (var listed in source.Listed(at))
        {
            if (since is null ? listed.Deleted : listed.UpdatedAt < since)
                continue;
            if (total >= skip && keys.Count < perPage)
                keys.Add(listed.Key);
            total++;
        }
        return new DemoPage(
            keys.Select(key => source.Build(key, at)).ToList(),
            page,
            perPage,
            total,
            Math.Max(1, (total + perPage - 1) / perPage)
        );
    }

    /// <summary>A listed, not deleted, work order as it is at <paramref name="now"/>, or null.</summary>
    public DemoWorkOrder? WorkOrder(string id, DateTimeOffset now)
    {
        var at = DemoTimeline.Seconds(now);
        return _workOrders.Find(id, at) is { } number
            ? (DemoWorkOrder)_workOrders.Build(number, at)
            : null;
    }

    /// <summary>
    /// Changes a listed, not deleted, work order at <paramref name="now"/> (as a planner would in the system);
    /// returns it as it is then, or null when there is no such work order.
    /// </summary>
    public DemoWorkOrder? ChangeWorkOrder(string id, DemoWorkOrderChange change, DateTimeOffset now)
    {
        var at = DemoTimeline.Seconds(now);
        if (_workOrders.Find(id, at) is not { } number)
            return null;
        _workOrders.Edits.Record(number, change, at);
        return (DemoWorkOrder)_workOrders.Build(number, at);
    }
}
