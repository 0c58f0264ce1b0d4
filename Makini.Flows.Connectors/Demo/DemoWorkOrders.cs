namespace Makini.Flows.Connectors.Demo;

/// <summary>
/// The work orders: about one every 130 minutes across the four sites, for equipment (or a location), mostly done
/// within days, some waiting on parts, a few cancelled, left in the backlog or deleted as raised by mistake.
/// </summary>
internal sealed class DemoWorkOrders(DemoPlant plant)
{
    private const long Minute = 60;
    private const long Hour = 60 * Minute;
    private const long Day = 24 * Hour;

    public DemoSequence Sequence { get; } =
        new(
            plant.Seed,
            DemoStreams.WorkOrders,
            DemoTimeline.FirstWorkOrder,
            DemoTimeline.WorkOrderInterval
        );

    private DemoPlanCache<DemoWorkOrderPlan>? _cache;

    /// <summary>The plan of order <paramref name="number"/>; the same every time it is asked for.</summary>
    public DemoWorkOrderPlan Plan(long number) =>
        (_cache ??= new DemoPlanCache<DemoWorkOrderPlan>(Decide)).Get(number);

    private DemoWorkOrderPlan Decide(long number)
    {
        var raised = Sequence.Raised(number);
        var random = DemoRandom.For(plant.Seed, (long)DemoStreams.WorkOrders, number);
        var siteIndex = random.Next(plant.Organization.Sites.Count);
        var site = plant.Organization.Sites[siteIndex];
        var staff = plant.Organization.Staff[siteIndex];
        var type = random.Weighted(("corrective", 40), ("preventive", 45), ("inspection", 15));
        var priority = type switch
        {
            "corrective" => random.Weighted(
                ("critical", 8),
                ("high", 27),
                ("medium", 45),
                ("low", 20)
            ),
            "preventive" => random.Weighted(("high", 10), ("medium", 60), ("low", 30)),
            _ => random.Weighted(("medium", 40), ("low", 60)),
        };
        DemoAssetEntry? asset = random.Chance(0.08)
            ? null
            : random.Pick(plant.WorkableAssets[siteIndex]);
        var location = asset is null
            ? random.Pick(plant.Organization.LocationsBySite[siteIndex])
            : plant.Organization.Locations[int.Parse(asset.Entered.LocationId.AsSpan(4)) - 1];
        var requester = type == "corrective" ? random.Pick(staff.Requesters) : staff.Planner;

        var due =
            raised
            + Minutes(
                ref random,
                (type, priority) switch
                {
                    ("preventive", _) => (7 * Day, 21 * Day),
                    ("inspection", _) => (1 * Day, 7 * Day),
                    (_, "critical") => (4 * Hour, 1 * Day),
                    (_, "high") => (1 * Day, 3 * Day),
                    (_, "medium") => (3 * Day, 10 * Day),
                    _ => (7 * Day, 30 * Day),
                }
            );
        var estimatedHours = random.Between(1, 32) / 2m;
        var start =
            raised
            + Minutes(
                ref random,
                priority switch
                {
                    "critical" => (10 * Minute, 4 * Hour),
                    "high" => (1 * Hour, 2 * Day),
                    "medium" => (4 * Hour, 6 * Day),
                    _ => (1 * Day, 12 * Day),
                }
            );
        var work = Minutes(
            ref random,
            (30 * Minute, Math.Max(1 * Hour, (long)(estimatedHours * 2 * Hour)))
        );
        long hold = DemoWorkOrderPlan.Never,
            resume = DemoWorkOrderPlan.Never,
            cancel = DemoWorkOrderPlan.Never;
        var complete = start + work;
        if (random.Chance(0.2))
        {
            hold = start + Math.Max(Minute, work / random.Between(2, 5) / Minute * Minute);
            resume = hold + Minutes(ref random, (2 * Day, 14 * Day));
            complete += resume - hold;
        }
        var fate = random.Weighted(("done", 86), ("cancelled", 6), ("backlog", 6), ("stalled", 2));
        if (fate == "cancelled")
        {
            cancel = raised + Minutes(ref random, (2 * Hour, 6 * Day));
            (start, hold, resume, complete) = (
                DemoWorkOrderPlan.Never,
                DemoWorkOrderPlan.Never,
                DemoWorkOrderPlan.Never,
                DemoWorkOrderPlan.Never
            );
        }
        else if (fate == "backlog")
            (start, hold, resume, complete) = (
                DemoWorkOrderPlan.Never,
                DemoWorkOrderPlan.Never,
                DemoWorkOrderPlan.Never,
                DemoWorkOrderPlan.Never
            );
        else if (fate == "stalled")
            complete = DemoWorkOrderPlan.Never;
        var delete = random.Chance(0.02)
            ? raised + Minutes(ref random, (10 * Minute, 2 * Day))
            : DemoWorkOrderPlan.Never;

        return new DemoWorkOrderPlan(
            plant.Seed,
            number,
            raised,
            type,
            priority,
            asset,
            location,
            site,
            requester,
            random.Pick(staff.Technicians).Id,
            random.Chance(0.75),
            due,
            estimatedHours,
            start,
            hold,
            resume,
            complete,
            cancel,
            delete
        );
    }

    /// <summary>A random whole number of minutes between the two durations (seconds).</summary>
    private static long Minutes(ref DemoRandom random, (long Least, long Most) range) =>
        random.Between(range.Least / Minute, range.Most / Minute) * Minute;
}
