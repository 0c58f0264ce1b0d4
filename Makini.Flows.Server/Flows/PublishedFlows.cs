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
    // A published version never changes, but a flow deleted and created again (on any node) numbers its
    // versions from 1 again: a cached plan is used only while its version's content hash is the stored one.
    private readonly ConcurrentDictionary<(string, int), (string Hash, FlowPlan Plan)> _versions =
        new();

    /// <summary>
    /// The plan of a flow's published version, or of <paramref name="version"/>. With the version's content
    /// <paramref name="hash"/> known (hook routes carry it), a cached plan is used without asking the database;
    /// otherwise one query checks the version's hash before the cache is trusted.
    /// </summary>
    public async Task<(FlowPlan Plan, int Version)?> FindAsync(
        string flowId,
        int? version,
        CancellationToken cancellationToken,
        string? hash = null
    )
    {
        if (
            version is { } known
            && hash is not null
            && _versions.TryGetValue((flowId, known), out var cached)
            && cached.Hash == hash
        )
            return (cached.Plan, known);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        var versions = db.FlowVersions.Where(v => v.FlowId == flowId);
        var stamp = await (
            version is { } number
                ? versions.Where(v => v.Version == number)
                : versions.Where(v =>
                    db.Flows.Any(f => f.Id == flowId && f.PublishedVersion == v.Version)
                )
        )
            .Select(v => new { v.Version, v.Hash })
            .FirstOrDefaultAsync(cancellationToken);
        if (stamp is null)
            return null;
        if (_versions.TryGetValue((flowId, stamp.Version), out cached) && cached.Hash == stamp.Hash)
            return (cached.Plan, stamp.Version);
        var json = await versions
            .Where(v => v.Version == stamp.Version)
            .Select(v => v.Json)
            .FirstAsync(cancellationToken);
        var plan = services.GetRequiredService<FlowEngine>().Prepare(FlowJson.Deserialize(json));
        _versions[(flowId, stamp.Version)] = (stamp.Hash, plan);
        return (plan, stamp.Version);
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
