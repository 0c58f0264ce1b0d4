using System.Threading.Channels;

namespace Makini.Flows.Server.Runs;

/// <summary>
/// Ids of stored runs waiting to execute in the background. The runs themselves are in the database, so a
/// crash loses nothing: at start every run still marked Running is queued again (see <see cref="RunWorker"/>).
/// </summary>
public sealed class RunQueue
{
    private readonly Channel<string> _runs = Channel.CreateUnbounded<string>();

    public void Enqueue(string runId) => _runs.Writer.TryWrite(runId);

    public IAsyncEnumerable<string> ReadAllAsync(CancellationToken ct) =>
        _runs.Reader.ReadAllAsync(ct);
}
