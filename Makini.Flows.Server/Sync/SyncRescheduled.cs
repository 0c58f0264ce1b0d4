using Makini.Flows.Server.Queue;

namespace Makini.Flows.Server.Sync;

/// <summary>
/// Ends a turn of a connection's recurring sync item: the item goes back to the queue, due after
/// <paramref name="after"/>, and the turn counts as no attempt (a failed sync has its own backoff).
/// </summary>
public sealed class SyncRescheduled(TimeSpan after)
    : WorkDeferredException("the connection's next sync", after);
