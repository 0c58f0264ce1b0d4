using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Makini.Flows.Server.Webhooks;

/// <summary>
/// Deletes finished deliveries (and, by cascade, their attempts) last changed more than
/// <see cref="WebhookOptions.KeepDeliveries"/> ago. Sweeps at start and then every hour; pending ones stay.
/// </summary>
public sealed class WebhookRetention(
    IServiceScopeFactory scopes,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookRetention> logger
) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                var deleted = await SweepAsync(stoppingToken);
                if (deleted > 0)
                    logger.LogInformation("Deleted {Count} old webhook deliveries", deleted);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Webhook delivery retention sweep failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        var cutoff = time.GetUtcNow().UtcDateTime - options.Value.KeepDeliveries;
        return await db
            .WebhookDeliveries.Where(d =>
                d.Status != DeliveryStatus.Pending && d.UpdatedAt < cutoff
            )
            .ExecuteDeleteAsync(cancellationToken);
    }
}
