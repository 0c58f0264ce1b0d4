using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Runs;

/// <summary>
/// Executes queued runs in the background. Recovery policy: at start, every run still marked Running was
/// interrupted by a stop or a crash; it is executed again from its last stored state. Run state is stored
/// when a run is created and when it stops, so an interrupted run starts over from the beginning (or from
/// where a resume or retry left it), and the activity that was in flight runs again.
/// </summary>
public sealed class RunWorker(
    RunQueue queue,
    IServiceScopeFactory scopes,
    ILogger<RunWorker> logger
) : BackgroundService
{
    private const int Workers = 4;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RequeueInterruptedAsync(stoppingToken);
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => WorkAsync(stoppingToken)));
    }

    private async Task RequeueInterruptedAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        var interrupted = await db
            .Runs.Where(r => r.Status == "Running")
            .Select(r => r.Id)
            .ToListAsync(ct);
        foreach (var id in interrupted)
            queue.Enqueue(id);
        if (interrupted.Count > 0)
            logger.LogWarning(
                "Resuming {Count} run(s) interrupted by the last stop",
                interrupted.Count
            );
    }

    private async Task WorkAsync(CancellationToken ct)
    {
        await foreach (var runId in queue.ReadAllAsync(ct))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope
                    .ServiceProvider.GetRequiredService<RunService>()
                    .ExecuteStoredAsync(runId, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Run {RunId} could not be executed", runId);
            }
        }
    }
}
