namespace Makini.Flows.Connectors.Demo;

/// <summary>
/// One purchase order's life, decided when it is raised: its lines, and when it is approved, ordered, partly and
/// fully received, cancelled or deleted (<see cref="Never"/> for what does not happen).
/// </summary>
internal sealed record DemoPurchaseOrderPlan(
    long Number,
    long Raised,
    DemoSite Site,
    DemoVendor Vendor,
    IReadOnlyList<(DemoPart Part, int Quantity)> Lines,
    string RequestedById,
    string ApproverId,
    long Expected,
    long Approve,
    long Order,
    long PartlyReceive,
    long Receive,
    long Cancel,
    long Delete
)
{
    public const long Never = long.MaxValue;

    public string Id => $"PO-{Number:D5}";

    public long UpdatedAt(long now)
    {
        if (Delete <= now)
            return Delete;
        var latest = Raised;
        foreach (var time in (ReadOnlySpan<long>)[Approve, Order, PartlyReceive, Receive, Cancel])
            if (time <= now && time > latest)
                latest = time;
        return latest;
    }

    public long? DeletedAt(long now) => Delete <= now ? Delete : null;

    public DemoPurchaseOrder At(long now)
    {
        var seen = Math.Min(now, Delete);
        var status =
            Cancel <= seen ? "cancelled"
            : Receive <= seen ? "received"
            : PartlyReceive <= seen ? "partially_received"
            : Order <= seen ? "ordered"
            : Approve <= seen ? "approved"
            : "draft";
        var lines = Lines
            .Select(
                (line, i) =>
                    new DemoPurchaseOrderLine(
                        i + 1,
                        line.Part.Id,
                        $"{line.Part.PartNumber} {line.Part.Name}",
                        line.Quantity,
                        status switch
                        {
                            "received" => line.Quantity,
                            "partially_received" => line.Quantity / 2,
                            _ => 0,
                        },
                        line.Part.UnitCost,
                        line.Part.UnitCost * line.Quantity
                    )
            )
            .ToList();
        return new DemoPurchaseOrder(
            Id,
            Number,
            $"Restock {Lines.Count} item{(Lines.Count == 1 ? "" : "s")} from {Vendor.Name}",
            status,
            Vendor.Id,
            Site.Id,
            RequestedById,
            Approve <= seen ? ApproverId : null,
            Approve <= seen ? DemoTimeline.Time(Approve) : null,
            Order <= seen ? DemoTimeline.Time(Order) : null,
            DemoTimeline.Time(Expected),
            Receive <= seen ? DemoTimeline.Time(Receive) : null,
            "USD",
            lines.Sum(l => l.Amount),
            lines,
            DemoTimeline.Time(Raised),
            DemoTimeline.Time(UpdatedAt(now)),
            DeletedAt(now) is { } deleted ? DemoTimeline.Time(deleted) : null
        );
    }
}
