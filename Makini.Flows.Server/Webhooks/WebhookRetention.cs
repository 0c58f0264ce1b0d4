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
) : PeriodicSweep(scopes, time, logger)
{
    protected override string Swept => "old webhook deliveries";

    protected override Task<int> DeleteAsync(
        FlowsDbContext db,
        DateTime now,
        CancellationToken cancellationToken
    )
    {
        var cutoff = now - options.Value.KeepDeliveries;
        return db
            .WebhookDeliveries.Where(d =>
                d.Status != DeliveryStatus.Pending && d.UpdatedAt < cutoff
            )
            .ExecuteDeleteAsync(cancellationToken);
    }
}
