using Makini.Flows.Activities.Http;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Serialization;
using Makini.Flows.Engine.Values;
using Makini.Flows.Server.Flows;
using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Hooks;

/// <summary>One <c>/hooks/{path}</c> route owned by a published flow's HTTP trigger.</summary>
public sealed record HookRoute(
    string FlowId,
    int Version,
    string Path,
    IReadOnlyList<string> Methods,
    string Mode,
    string Access,
    string? SignatureSecret,
    string? Hash = null
);

/// <summary>
/// The routes of all published flows with an HTTP trigger, read from the database and kept until a flow is
/// published or deleted on this node, or for <see cref="Freshness"/> at most: other nodes sharing the database
/// publish too, and their changes are served here within that time.
/// </summary>
public sealed class HookRoutes(IServiceScopeFactory scopes, TimeProvider time)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(2);

    private volatile Loaded? _loaded;

    // The route each published version declares (null: no HTTP trigger), by flow and content hash.
    private volatile Dictionary<(string FlowId, string Hash), HookRoute?> _parsed = [];

    private sealed record Loaded(IReadOnlyList<HookRoute> Routes, long At);

    public async Task<IReadOnlyList<HookRoute>> AllAsync(CancellationToken ct)
    {
        var loaded = _loaded;
        if (loaded is not null && time.GetElapsedTime(loaded.At) < Freshness)
            return loaded.Routes;
        var at = time.GetTimestamp();
        var routes = await LoadAsync(ct);
        _loaded = new Loaded(routes, at);
        return routes;
    }

    public void Invalidate() => _loaded = null;

    public static string Normalize(string path) => path.Trim('/');

    /// <summary>The route a flow's HTTP trigger declares, if the flow has one.</summary>
    public static HookRoute? Of(FlowDefinition flow, int version, string? hash = null)
    {
        var trigger = flow.Activities.Find(a => a.Type == "HttpTrigger");
        if (trigger is null)
            return null;
        string Literal(string name, string fallback) =>
            trigger.Inputs.TryGetValue(name, out var value) && value.Kind == ExpressionKind.Literal
                ? ValueConverter.ToText(value.Literal)
                : fallback;
        var methods =
            trigger.Inputs.TryGetValue("methods", out var list)
            && list.Literal is System.Text.Json.Nodes.JsonArray array
                ? array.Select(m => ValueConverter.ToText(m).ToUpperInvariant()).ToList()
                : ["POST"];
        return new HookRoute(
            flow.Id,
            version,
            Normalize(Literal("path", "")),
            methods,
            Literal("mode", HttpTriggerModes.Sync),
            Literal("access", HttpTriggerModes.ApiKey),
            Literal("signatureSecret", "") is { Length: > 0 } secret ? secret : null,
            hash
        );
    }

    /// <summary>
    /// Reads which version of each flow is published, with its content hash, and parses only the versions not
    /// seen before (a server with a thousand published flows would otherwise parse them all every time).
    /// </summary>
    private async Task<IReadOnlyList<HookRoute>> LoadAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        var published = await PublishedVersions.StampsOf(db).ToListAsync(ct);
        // A copy: requests may load at the same time; the last one to finish leaves its dictionary.
        var parsed = new Dictionary<(string FlowId, string Hash), HookRoute?>(_parsed);
        var unseen = published.Where(p => !parsed.ContainsKey((p.FlowId, p.Hash))).ToList();
        if (unseen.Count > 0)
        {
            var flowIds = unseen.Select(p => p.FlowId).ToList();
            var versions = await db
                .FlowVersions.Where(v => flowIds.Contains(v.FlowId))
                .Join(
                    db.Flows,
                    v => new { Id = v.FlowId, Version = (int?)v.Version },
                    f => new { f.Id, Version = f.PublishedVersion },
                    (v, f) =>
                        new
                        {
                            v.FlowId,
                            v.Hash,
                            v.Json,
                        }
                )
                .ToListAsync(ct);
            foreach (var version in versions)
                parsed[(version.FlowId, version.Hash)] = Of(FlowJson.Deserialize(version.Json), 0);
        }
        _parsed = published.ToDictionary(
            p => (p.FlowId, p.Hash),
            p => parsed.GetValueOrDefault((p.FlowId, p.Hash))
        );
        return published
            .Select(p =>
                parsed.GetValueOrDefault((p.FlowId, p.Hash)) is { } route
                    ? route with
                    {
                        Version = p.Version,
                        Hash = p.Hash,
                    }
                    : null
            )
            .OfType<HookRoute>()
            .OrderBy(r => r.FlowId, StringComparer.Ordinal)
            .ToList();
    }
}
