namespace Makini.Flows.Server.Queue;

/// <summary>
/// Thrown by a handler that cannot do the work yet (the run is busy on another node, the flow is at its limit
/// of concurrent runs): the item goes back to the queue, due after <see cref="After"/>, and the attempt does
/// not count.
/// </summary>
public class WorkDeferredException(string reason, TimeSpan after) : Exception(reason)
{
    public TimeSpan After { get; } = after;
}
