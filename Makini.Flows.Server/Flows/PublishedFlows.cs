using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Serialization;
using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Flows;

/// <summary>
/// Published flow versions as the engine needs them: plans for runs (cached by the engine by content hash),
/// and RunFlow's lookup of another flow's published version. The engine is looked up when needed, because
/// the engine itself is built with this class as its flow provider.
/// </summary>
public sealed class PublishedFlows(IServiceScopeFactory scopes, IServiceProvider services)
    : IFlowProvider
{
    public async Task<(FlowPlan Plan, int Version)?> FindAsync(
        string flowId,
        int? version,
        CancellationToken cancellationToken
    )
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        var number =
            version
            ?? await db
                .Flows.Where(f => f.Id == flowId)
                .Select(f => f.PublishedVersion)
                .FirstOrDefaultAsync(cancellationToken);
        if (number is null)
            return null;
        var record = await db
            .FlowVersions.AsNoTracking()
            .FirstOrDefaultAsync(v => v.FlowId == flowId && v.Version == number, cancellationToken);
        return record is null
            ? null
            : (
                services
                    .GetRequiredService<FlowEngine>()
                    .Prepare(FlowJson.Deserialize(record.Json)),
                record.Version
            );
    }

    async ValueTask<FlowDefinition?> IFlowProvider.FindAsync(
        string flowId,
        CancellationToken cancellationToken
    ) => (await FindAsync(flowId, null, cancellationToken))?.Plan.Definition;
}
