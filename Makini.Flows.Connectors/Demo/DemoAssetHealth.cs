namespace Makini.Flows.Connectors.Demo;

/// <summary>
/// How an asset's status moves: in each of its periods (20 to 120 days) it spends a while needing maintenance or down,
/// and is operational otherwise; decommissioned equipment stays so. Computed for any instant without history.
/// </summary>
internal sealed record DemoAssetHealth(
    bool Decommissioned,
    long Period,
    long Phase,
    long FaultLength,
    long Seed,
    int Index
)
{
    public static DemoAssetHealth Plan(long seed, int index)
    {
        var random = DemoRandom.For(seed, (long)DemoStreams.AssetHealth, index);
        var period = random.Between(20, 120) * 86_400L;
        return new DemoAssetHealth(
            random.Chance(0.03),
            period,
            DemoTimeline.Minute(random.Between(0, period - 1)),
            random.Between(2 * 60, 4 * 24 * 60) * 60L,
            seed,
            index
        );
    }

    /// <summary>The asset as it is at <paramref name="now"/> (Unix seconds).</summary>
    public DemoAsset At(DemoAsset entered, long now)
    {
        var created = DemoTimeline.Seconds(entered.CreatedAt);
        if (Decommissioned)
            return entered with { Status = "decommissioned" };
        var tick = DemoTimeline.LastTick(now, Phase, Period);
        var faultStart = Phase + tick * Period;
        if (faultStart < created)
            return entered;
        if (now < faultStart + FaultLength)
        {
            var down = DemoRandom.For(Seed, (long)DemoStreams.AssetHealth, Index, tick).Chance(0.4);
            return entered with
            {
                Status = down ? "down" : "needs_maintenance",
                UpdatedAt = DemoTimeline.Time(faultStart),
            };
        }
        return entered with
        {
            Status = "operational",
            UpdatedAt = DemoTimeline.Time(faultStart + FaultLength),
        };
    }

    /// <summary>When the asset last changed at or before <paramref name="now"/>, without building it.</summary>
    public long UpdatedAt(long created, long enteredUpdatedAt, long now)
    {
        if (Decommissioned)
            return enteredUpdatedAt;
        var faultStart = Phase + DemoTimeline.LastTick(now, Phase, Period) * Period;
        if (faultStart < created)
            return enteredUpdatedAt;
        return now < faultStart + FaultLength ? faultStart : faultStart + FaultLength;
    }
}
