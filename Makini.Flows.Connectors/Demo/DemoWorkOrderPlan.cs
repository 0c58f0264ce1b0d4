namespace Makini.Flows.Connectors.Demo;

/// <summary>
/// One work order's whole life, decided when it is raised: what it is about (its text is written when asked for), who works on it, and when it starts,
/// waits for parts, is completed, cancelled or deleted (<see cref="Never"/> for what does not happen). Its state at
/// any instant follows from these times alone.
/// </summary>
internal sealed record DemoWorkOrderPlan(
    long Seed,
    long Number,
    long Raised,
    string Type,
    string Priority,
    DemoAssetEntry? Asset,
    DemoLocation Location,
    DemoSite Site,
    DemoUser Requester,
    string AssigneeId,
    bool AssignedWhenRaised,
    long Due,
    decimal EstimatedHours,
    long Start,
    long Hold,
    long Resume,
    long Complete,
    long Cancel,
    long Delete
)
{
    public const long Never = long.MaxValue;

    public string Id => $"WO-{Number:D5}";

    /// <summary>The last moment anything happened to it, at or before <paramref name="now"/>.</summary>
    public long UpdatedAt(long now)
    {
        if (Delete <= now)
            return Delete;
        var latest = Raised;
        foreach (var time in (ReadOnlySpan<long>)[Start, Hold, Resume, Complete, Cancel])
            if (time <= now && time > latest)
                latest = time;
        return latest;
    }

    public long? DeletedAt(long now) => Delete <= now ? Delete : null;

    public DemoWorkOrder At(long now)
    {
        var seen = Math.Min(now, Delete);
        var (title, description) = DemoWorkOrderText.Write(
            DemoRandom.For(Seed, (long)DemoStreams.WorkOrders, Number, 1),
            Type,
            Asset,
            Location,
            Site,
            Requester
        );
        var status =
            Cancel <= seen ? "cancelled"
            : Complete <= seen ? "completed"
            : Resume <= seen ? "in_progress"
            : Hold <= seen ? "on_hold"
            : Start <= seen ? "in_progress"
            : "open";
        return new DemoWorkOrder(
            Id,
            Number,
            title,
            description,
            status,
            Priority,
            Type,
            Asset?.Entered.Id,
            Location.Id,
            Site.Id,
            AssignedWhenRaised || Start <= seen ? AssigneeId : null,
            Requester.Id,
            DemoTimeline.Time(Due),
            EstimatedHours,
            Start <= seen ? DemoTimeline.Time(Start) : null,
            Complete <= seen ? DemoTimeline.Time(Complete) : null,
            DemoWorkOrderTasks.Write(
                DemoRandom.For(Seed, (long)DemoStreams.WorkOrders, Number, 2),
                Id,
                Type,
                Priority,
                Asset?.Entered.Name ?? Location.Name,
                status switch
                {
                    "completed" => 1,
                    "in_progress" or "on_hold" => 0.5,
                    _ => 0,
                }
            ),
            DemoTimeline.Time(Raised),
            DemoTimeline.Time(UpdatedAt(now)),
            DeletedAt(now) is { } deleted ? DemoTimeline.Time(deleted) : null
        );
    }
}
