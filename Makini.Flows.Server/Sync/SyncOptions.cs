namespace Makini.Flows.Server.Sync;

/// <summary>Configuration section <c>Sync</c>: the defaults of every connection's sync.</summary>
public sealed class SyncOptions
{
    public const string Section = "Sync";

    public static readonly TimeSpan ShortestInterval = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan LongestInterval = TimeSpan.FromDays(1);

    /// <summary>New connections sync at once and then on their schedule; false leaves them to manual syncs.</summary>
    public bool Scheduled { get; set; } = true;

    /// <summary>How often a new connection syncs (5 minutes to a day).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How far back a connection's first sync reads the entities of <see cref="BackfilledEntities"/>, in days.</summary>
    public int BackfillDays { get; set; } = 90;

    /// <summary>
    /// The entities whose history a first sync reads only within the backfill window (work done and ordered); the
    /// others (sites, assets, parts, people...) are read whole, however long ago they last changed.
    /// </summary>
    public string[] BackfilledEntities { get; set; } =
    ["work-orders", "service-requests", "purchase-orders", "meter-readings"];

    /// <summary>An incremental read starts this much before the last one started (late commits, clock skew).</summary>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How many connections one node syncs at once, in a pool of its own: syncs wait mostly on the source, and
    /// long ones must not hold up flow runs.
    /// </summary>
    public int Parallelism { get; set; } = 8;

    /// <summary>
    /// How many first syncs (of new connections) one node runs at once, in a pool apart from
    /// <see cref="Parallelism"/>: thousands of connections created at once are synced first by these, while the
    /// scheduled syncs of the others keep their slots.
    /// </summary>
    public int FirstSyncParallelism { get; set; } = 4;

    /// <summary>Allow intervals below five minutes (tests only).</summary>
    public bool AllowShortIntervals { get; set; }

    public SyncOptions EnsureValid()
    {
        if (!AllowShortIntervals && (Interval < ShortestInterval || Interval > LongestInterval))
            throw new InvalidOperationException(
                $"{Section}:Interval must be from 5 minutes to a day (it is {Interval})"
            );
        if (BackfillDays is < 1 or > 3650)
            throw new InvalidOperationException($"{Section}:BackfillDays must be from 1 to 3650");
        if (Parallelism is < 1 or > 256)
            throw new InvalidOperationException(
                $"{Section}:Parallelism must be from 1 to 256 (it is {Parallelism})"
            );
        if (FirstSyncParallelism is < 1 or > 256)
            throw new InvalidOperationException(
                $"{Section}:FirstSyncParallelism must be from 1 to 256 (it is {FirstSyncParallelism})"
            );
        if (Overlap < TimeSpan.Zero)
            throw new InvalidOperationException($"{Section}:Overlap must not be negative");
        return this;
    }
}
