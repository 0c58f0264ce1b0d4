namespace Makini.Flows.Server.Queue;

/// <summary>Limits how many runs of a flow execute at once (<c>settings.maxConcurrentRuns</c>).</summary>
public interface IFlowConcurrency
{
    /// <summary>A held slot, or null when all <paramref name="limit"/> slots are taken.</summary>
    Task<IAsyncDisposable?> TryEnterAsync(
        string flowId,
        int limit,
        CancellationToken cancellationToken
    );
}
