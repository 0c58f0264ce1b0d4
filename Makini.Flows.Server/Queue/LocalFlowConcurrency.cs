using System.Collections.Concurrent;

namespace Makini.Flows.Server.Queue;

/// <summary>For SQLite, which serves a single node: a count of running runs per flow within this process.</summary>
public sealed class LocalFlowConcurrency : IFlowConcurrency
{
    private readonly ConcurrentDictionary<string, int> _running = new();

    public Task<IAsyncDisposable?> TryEnterAsync(
        string flowId,
        int limit,
        CancellationToken cancellationToken
    )
    {
        lock (_running)
        {
            var running = _running.GetValueOrDefault(flowId);
            if (running >= limit)
                return Task.FromResult<IAsyncDisposable?>(null);
            _running[flowId] = running + 1;
            return Task.FromResult<IAsyncDisposable?>(new Slot(this, flowId));
        }
    }

    private sealed class Slot(LocalFlowConcurrency owner, string flowId) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            lock (owner._running)
                owner._running[flowId] = owner._running[flowId] - 1;
            return ValueTask.CompletedTask;
        }
    }
}
