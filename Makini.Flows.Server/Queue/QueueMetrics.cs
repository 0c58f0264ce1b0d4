using System.Diagnostics.Metrics;
using Makini.Flows.Server.Infrastructure;

namespace Makini.Flows.Server.Queue;

/// <summary>
/// Queue depth by status and the age of the oldest due item, as OpenTelemetry gauges. Read from the database
/// every few seconds (the queue is shared by all nodes, so any node reports the whole of it).
/// </summary>
public sealed class QueueMetrics(
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<QueueMetrics> logger
) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);
    private static readonly Meter Meter = new(ServerTelemetry.Name);
    private static QueueSnapshot? _latest;

    private static readonly ObservableGauge<int> Depth = Meter.CreateObservableGauge<int>(
        "makini.queue.depth",
        () =>
            _latest is not { } latest
                ? Array.Empty<Measurement<int>>()
                : new[]
                {
                    new Measurement<int>(
                        latest.Queued,
                        new KeyValuePair<string, object?>("status", WorkStatus.Queued)
                    ),
                    new Measurement<int>(
                        latest.Leased,
                        new KeyValuePair<string, object?>("status", WorkStatus.Leased)
                    ),
                    new Measurement<int>(
                        latest.Dead,
                        new KeyValuePair<string, object?>("status", WorkStatus.Dead)
                    ),
                },
        unit: "{item}",
        description: "Work items in the durable queue, by status"
    );

    private static readonly ObservableGauge<double> OldestAge = Meter.CreateObservableGauge<double>(
        "makini.queue.oldest_age",
        () =>
            _latest?.OldestDueSeconds is { } age
                ? [new Measurement<double>(age)]
                : Array.Empty<Measurement<double>>(),
        unit: "s",
        description: "How long the oldest due, unclaimed work item has waited"
    );

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                _latest = await QueueSnapshot.ReadAsync(
                    scope.ServiceProvider.GetRequiredService<FlowsDbContext>(),
                    time.GetUtcNow().UtcDateTime,
                    stoppingToken
                );
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogDebug(exception, "Reading the queue's size failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
