using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Makini.Flows.Server.Infrastructure;

/// <summary>Ready only while the database answers.</summary>
public sealed class DatabaseHealthCheck(FlowsDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default
    ) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("the database does not answer");
}
