namespace Makini.Flows.Server.Queue;

/// <summary>Configuration section <c>Queue</c>.</summary>
public sealed class QueueOptions
{
    public const string Section = "Queue";

    /// <summary>Items a node works on at once.</summary>
    public int Workers { get; set; } = 4;

    /// <summary>Loops per kind worked in batches (connection probes), each with one batch in flight.</summary>
    public int BatchWorkers { get; set; } = 4;

    /// <summary>
    /// Items claimed and recorded together by a batch loop; also the most webhook attempts claimed, and recorded,
    /// together.
    /// </summary>
    public int BatchSize { get; set; } = 128;

    /// <summary>
    /// After a batch claim found fewer items than it could take, the wait before the next claim: items trickling
    /// in then go out in batches instead of one per claim, at the cost of this much latency.
    /// </summary>
    public TimeSpan BatchLinger { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>How long a claim lasts without renewal; a dead node's items are taken over after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an idle node looks for work that other nodes queued.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    public int MaxAttempts { get; set; } = 5;

    /// <summary>Backoff after the first failure; doubled after each further one, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan FirstBackoff { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Done items are deleted after this long (the hourly sweep).</summary>
    public TimeSpan KeepDone { get; set; } = TimeSpan.FromDays(1);
}
