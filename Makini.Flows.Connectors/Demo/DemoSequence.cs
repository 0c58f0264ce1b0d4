namespace Makini.Flows.Connectors.Demo;

/// <summary>
/// Records raised one after another forever: number n is raised at a random minute of the n-th interval after the
/// origin, so which numbers exist at an instant (the last <see cref="DemoTimeline.History"/>) is a small calculation.
/// </summary>
internal sealed class DemoSequence(
    long seed,
    DemoStreams stream,
    DateTimeOffset origin,
    TimeSpan interval
)
{
    private readonly long _origin = DemoTimeline.Seconds(origin);
    private readonly long _interval = (long)interval.TotalSeconds;

    /// <summary>When number <paramref name="number"/> (from 1) was raised, in Unix seconds on a whole minute.</summary>
    public long Raised(long number)
    {
        var slot = _origin + (number - 1) * _interval;
        var jitter =
            DemoRandom.For(seed, (long)stream, number, 0).Next((int)(_interval / 60)) * 60L;
        return DemoTimeline.Minute(slot + jitter);
    }

    /// <summary>The numbers listed at <paramref name="now"/>: raised at or before it and within the history.</summary>
    public (long First, long Last) Listed(long now)
    {
        var last = DemoTimeline.LastTick(now, _origin, _interval) + 1;
        if (last >= 1 && Raised(last) > now)
            last--;
        var archivedBefore = now - (long)DemoTimeline.History.TotalSeconds;
        var first = DemoTimeline.LastTick(archivedBefore, _origin, _interval) + 1;
        if (first >= 1 && Raised(first) <= archivedBefore)
            first++;
        return (Math.Max(first, 1), last);
    }
}
