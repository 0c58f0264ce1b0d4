namespace Makini.Flows.Server.Queue;

/// <summary>For SQLite, which serves a single node: a lock per run within this process.</summary>
public sealed class LocalRunLock : IRunLock
{
    private readonly HashSet<string> _held = [];

    public Task<IAsyncDisposable?> TryAcquireAsync(
        string runId,
        CancellationToken cancellationToken
    )
    {
        lock (_held)
            return Task.FromResult<IAsyncDisposable?>(
                _held.Add(runId) ? new Held(this, runId) : null
            );
    }

    private sealed class Held(LocalRunLock owner, string runId) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            lock (owner._held)
                owner._held.Remove(runId);
            return ValueTask.CompletedTask;
        }
    }
}
