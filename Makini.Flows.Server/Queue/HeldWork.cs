namespace Makini.Flows.Server.Queue;

/// <summary>
/// Does the work of an item this node leased when it created it (<see cref="WorkQueue.EnqueueLeased"/>) in the
/// caller's own flow, such as a run started through the API: the lease is renewed meanwhile and the item is
/// finished like any claimed one. When the work fails, the queue tries it again later; when the caller gives up
/// (its request was cancelled), the item is handed back at once, so the queue carries the work on.
/// </summary>
public sealed class HeldWork(WorkLeases leases, WorkOutcomes outcomes)
{
    public async Task<T> RunAsync<T>(WorkItemRecord item, Func<Task<T>> work)
    {
        // Not linked to the work: the caller holds the run's lock, so a node that took over a lost lease waits
        // for it instead of running the same work at once.
        using var leaseLost = new CancellationTokenSource();
        using var renewing = leases.RenewWhileWorking([item.Id], leaseLost);
        try
        {
            var result = await work();
            await leaseLost.CancelAsync();
            await outcomes.FinishAsync(item, null);
            return result;
        }
        catch (OperationCanceledException)
        {
            await leaseLost.CancelAsync();
            await outcomes.ReleaseAsync(item);
            throw;
        }
        catch (Exception exception)
        {
            await leaseLost.CancelAsync();
            await outcomes.FinishAsync(item, exception.Message);
            throw;
        }
    }
}
