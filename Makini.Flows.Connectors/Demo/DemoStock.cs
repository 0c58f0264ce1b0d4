namespace Makini.Flows.Connectors.Demo;

/// <summary>
/// How a part's quantity on hand moves: every period (6 hours to 6 days) some is issued to work; once it falls below
/// the minimum the next period brings a delivery back up to the maximum. A sawtooth, computed for any instant.
/// </summary>
internal sealed record DemoStock(long Period, long Phase, int Issued)
{
    public static DemoStock Plan(ref DemoRandom random, int minimum) =>
        new(
            random.Between(6 * 60, 6 * 24 * 60) * 60L,
            random.Between(0, 6 * 24 * 60) * 60L,
            random.Between(1, minimum)
        );

    public DemoPart At(DemoPart entered, long now)
    {
        var tick = DemoTimeline.LastTick(now, Phase, Period);
        var changed = Phase + tick * Period;
        if (changed < DemoTimeline.Seconds(entered.CreatedAt))
            return entered;
        var steps = (entered.MaximumQuantity - entered.MinimumQuantity) / Issued + 2;
        var position = (int)(((tick % steps) + steps) % steps);
        return entered with
        {
            QuantityOnHand = entered.MaximumQuantity - position * Issued,
            UpdatedAt = DemoTimeline.Time(changed),
        };
    }

    public long UpdatedAt(long created, long enteredUpdatedAt, long now)
    {
        var changed = Phase + DemoTimeline.LastTick(now, Phase, Period) * Period;
        return changed < created ? enteredUpdatedAt : changed;
    }
}

/// <summary>A part as entered and how its stock moves.</summary>
internal sealed record DemoPartEntry(DemoPart Entered, int SiteIndex, DemoStock Stock)
{
    public DemoPart At(long now) => Stock.At(Entered, now);

    public long UpdatedAt(long now) =>
        Stock.UpdatedAt(
            DemoTimeline.Seconds(Entered.CreatedAt),
            DemoTimeline.Seconds(Entered.UpdatedAt),
            now
        );
}
