using System.Threading.Channels;
using Quartz;

namespace Makini.Flows.Server.Schedules;

/// <summary>
/// Reconciles the scheduler with the published flows once the scheduler runs, then whenever flows change on this
/// node (<see cref="RequestAsync"/>) and every minute, which also picks up what other nodes published and retries
/// a reconcile that failed.
/// </summary>
public sealed class ScheduleSync(
    ScheduleReconciler reconciler,
    ISchedulerFactory schedulers,
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
    /// Brings the scheduler in line with the published flows now, when it already runs (so that a publish answered
    /// is a schedule set); before that, the first reconcile at start does it.
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
        await WaitForSchedulerAsync(stoppingToken);
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

    /// <summary>Quartz starts once the application has started; its store (and on PostgreSQL its schema) is ready then.</summary>
    private async Task WaitForSchedulerAsync(CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (ct.Register(() => started.TrySetCanceled(ct)))
            await started.Task;
        var scheduler = await schedulers.GetScheduler(ct);
        while (scheduler.Status != SchedulerStatus.Running)
            await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
    }
}
