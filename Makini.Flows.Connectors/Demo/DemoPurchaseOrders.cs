namespace Makini.Flows.Connectors.Demo;

/// <summary>
/// The purchase orders: about one a day, restocking a site's storeroom from one supplier; approved, ordered and
/// received within weeks, a few cancelled, left as drafts or deleted.
/// </summary>
internal sealed class DemoPurchaseOrders(DemoPlant plant)
{
    private const long Hour = 3600;
    private const long Day = 24 * Hour;
    private const long Never = DemoPurchaseOrderPlan.Never;

    public DemoSequence Sequence { get; } =
        new(
            plant.Seed,
            DemoStreams.PurchaseOrders,
            DemoTimeline.FirstPurchaseOrder,
            DemoTimeline.PurchaseOrderInterval
        );

    private DemoPlanCache<DemoPurchaseOrderPlan>? _cache;

    /// <summary>The plan of order <paramref name="number"/>; the same every time it is asked for.</summary>
    public DemoPurchaseOrderPlan Plan(long number) =>
        (_cache ??= new DemoPlanCache<DemoPurchaseOrderPlan>(Decide)).Get(number);

    private DemoPurchaseOrderPlan Decide(long number)
    {
        var raised = Sequence.Raised(number);
        var random = DemoRandom.For(plant.Seed, (long)DemoStreams.PurchaseOrders, number);
        var siteIndex = random.Next(plant.Organization.Sites.Count);
        var staff = plant.Organization.Staff[siteIndex];
        var vendorId = random.Pick(plant.SuppliersBySite[siteIndex]);
        var offered = plant.PartsByVendor[siteIndex][vendorId];
        var lineCount = random.Between(1, Math.Min(5, offered.Count));
        var first = random.Next(offered.Count);
        var lines = new List<(DemoPart, int)>();
        for (var i = 0; i < lineCount; i++)
        {
            var part = offered[(first + i) % offered.Count].Entered;
            lines.Add((part, random.Between(part.MinimumQuantity, part.MaximumQuantity)));
        }

        var approve = raised + Minutes(ref random, 2 * Hour, 3 * Day);
        var order = approve + Minutes(ref random, 1 * Hour, 2 * Day);
        var receive = order + Minutes(ref random, 2 * Day, 21 * Day);
        var expected = receive + Minutes(ref random, -2 * Day, 3 * Day);
        var partly = random.Chance(0.3) ? order + (receive - order) / 2 / 60 * 60 : Never;
        var cancel = Never;
        var fate = random.Weighted(("received", 90), ("cancelled", 5), ("draft", 5));
        if (fate == "cancelled")
            (cancel, approve, order, partly, receive) = (
                raised + Minutes(ref random, 1 * Hour, 5 * Day),
                Never,
                Never,
                Never,
                Never
            );
        else if (fate == "draft")
            (approve, order, partly, receive) = (Never, Never, Never, Never);
        var delete =
            fate == "draft" && random.Chance(0.4)
                ? raised + Minutes(ref random, 1 * Hour, 2 * Day)
                : Never;

        return new DemoPurchaseOrderPlan(
            number,
            raised,
            plant.Organization.Sites[siteIndex],
            plant.Organization.Vendors[int.Parse(vendorId.AsSpan(4)) - 1],
            lines,
            random.Chance(0.7) ? staff.Storekeeper.Id : staff.Planner.Id,
            staff.Manager.Id,
            expected,
            approve,
            order,
            partly,
            receive,
            cancel,
            delete
        );
    }

    private static long Minutes(ref DemoRandom random, long least, long most) =>
        random.Between(least / 60, most / 60) * 60;
}
