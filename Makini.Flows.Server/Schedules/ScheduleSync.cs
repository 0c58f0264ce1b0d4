using System.Threading.Channels;

namespace Makini.Flows.Server.Schedules;

/// <summary>
/// Reconciles the schedule items with the published flows once the server has started, then whenever flows change on this
/// node (<see cref="RequestAsync"/>) and every minute, which also picks up what other nodes published and retries
/// a reconcile that failed.
/// </summary>
public sealed class ScheduleSync(
    ScheduleReconciler reconciler,
    IHostApplicationLifetime lifetime,
    ILogger<ScheduleSync> logger
) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite }
    );
    private volatile bool _ready;

    /// <summary>
    /// Brings the schedule items in line with the published flows now, once the first reconcile at start is done
    /// (so that a publish answered is a schedule set); before that, that first reconcile does it.
    /// </summary>
    public async Task RequestAsync(CancellationToken ct)
    {
        if (!_ready)
        {
            _requests.Writer.TryWrite(true);
            return;
        }
        try
        {
            await reconciler.ReconcileAsync(ct);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Updating the schedules failed; retrying in the background");
            _requests.Writer.TryWrite(true);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WaitForStartAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await reconciler.ReconcileAsync(stoppingToken);
                if (!_ready)
                    logger.LogInformation("Schedules are in step with the published flows");
                _ready = true;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Updating the schedules failed");
            }
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            wait.CancelAfter(Period);
            try
            {
                await _requests.Reader.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested) { }
        }
    }

    /// <summary>The database is migrated and the queue runs once the application has started.</summary>
    private async Task WaitForStartAsync(CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (ct.Register(() => started.TrySetCanceled(ct)))
            await started.Task;
    }
}
