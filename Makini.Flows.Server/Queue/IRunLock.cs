namespace Makini.Flows.Server.Queue;

/// <summary>
/// Makes sure one node at a time changes a run's state. Leases already give an item to one node, but a node
/// that stalls past its lease (a long pause) is still alive: the lock, held on its database connection, keeps
/// the next node out until it really stops.
/// </summary>
public interface IRunLock
{
    /// <summary>The held lock, or null when another holder has it.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string runId, CancellationToken cancellationToken);
}
