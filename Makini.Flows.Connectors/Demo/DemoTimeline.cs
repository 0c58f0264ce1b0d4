namespace Makini.Flows.Connectors.Demo;

/// <summary>
/// The demo's fixed points in time. The data is a function of the seed and the clock alone: what exists and in what
/// state at an instant is computed from these, so every node (or test) asking at the same instant sees the same data.
/// </summary>
public static class DemoTimeline
{
    /// <summary>When the demo company's master data (sites, locations, equipment, staff) was first entered.</summary>
    public static readonly DateTimeOffset MasterDataEntered = new(
        2021,
        1,
        4,
        14,
        0,
        0,
        TimeSpan.Zero
    );

    /// <summary>Work order 1 was raised shortly after this; one follows about every <see cref="WorkOrderInterval"/>.</summary>
    public static readonly DateTimeOffset FirstWorkOrder = new(2022, 1, 3, 6, 0, 0, TimeSpan.Zero);

    /// <summary>About 2,000 work orders in 180 days: a busy four-site maintenance department.</summary>
    public static readonly TimeSpan WorkOrderInterval = TimeSpan.FromMinutes(130);

    public static readonly DateTimeOffset FirstPurchaseOrder = new(
        2022,
        1,
        4,
        9,
        0,
        0,
        TimeSpan.Zero
    );

    /// <summary>About 150 purchase orders in 180 days.</summary>
    public static readonly TimeSpan PurchaseOrderInterval = TimeSpan.FromHours(28.8);

    /// <summary>Work and purchase orders raised longer ago than this are archived: no longer listed.</summary>
    public static readonly TimeSpan History = TimeSpan.FromDays(180);

    public static long Seconds(DateTimeOffset time) => time.ToUnixTimeSeconds();

    public static DateTimeOffset Time(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds);

    /// <summary>The index of the last tick at or before <paramref name="now"/> of a clock ticking every period from phase.</summary>
    public static long LastTick(long now, long phase, long period)
    {
        var elapsed = now - phase;
        var tick = elapsed / period;
        return elapsed % period < 0 ? tick - 1 : tick;
    }

    /// <summary>Changes happen on whole minutes, so the data moves once a minute and nodes agree within it.</summary>
    public static long Minute(long seconds) => seconds - (((seconds % 60) + 60) % 60);
}
