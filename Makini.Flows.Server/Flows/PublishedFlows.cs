using System.Collections.Concurrent;
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
    // Published versions never change, so their plans are kept once built.
    private readonly ConcurrentDictionary<(string, int), FlowPlan> _versions = new();

    public async Task<(FlowPlan Plan, int Version)?> FindAsync(
        string flowId,
        int? version,
        CancellationToken cancellationToken
    )
    {
        if (version is { } known && _versions.TryGetValue((flowId, known), out var cached))
            return (cached, known);
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
        if (_versions.TryGetValue((flowId, number.Value), out cached))
            return (cached, number.Value);
        var record = await db
            .FlowVersions.AsNoTracking()
            .FirstOrDefaultAsync(v => v.FlowId == flowId && v.Version == number, cancellationToken);
        if (record is null)
            return null;
        var plan = services
            .GetRequiredService<FlowEngine>()
            .Prepare(FlowJson.Deserialize(record.Json));
        _versions[(flowId, record.Version)] = plan;
        return (plan, record.Version);
    }

    /// <summary>Forgets a deleted flow's plans (its versions may be published again under the same numbers).</summary>
    public void Forget(string flowId)
    {
        foreach (var key in _versions.Keys.Where(k => k.Item1 == flowId))
            _versions.TryRemove(key, out _);
    }

    async ValueTask<FlowDefinition?> IFlowProvider.FindAsync(
        string flowId,
        CancellationToken cancellationToken
    ) => (await FindAsync(flowId, null, cancellationToken))?.Plan.Definition;
}
