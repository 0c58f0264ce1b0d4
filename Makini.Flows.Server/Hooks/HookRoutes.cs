using Makini.Flows.Activities.Http;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Serialization;
using Makini.Flows.Engine.Values;
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
    string? SignatureSecret
);

/// <summary>
/// The routes of all published flows with an HTTP trigger, read from the database once and kept until a
/// flow is published or deleted.
/// </summary>
public sealed class HookRoutes(IServiceScopeFactory scopes)
{
    private volatile IReadOnlyList<HookRoute>? _routes;

    public async Task<IReadOnlyList<HookRoute>> AllAsync(CancellationToken ct) =>
        _routes ??= await LoadAsync(ct);

    public void Invalidate() => _routes = null;

    public static string Normalize(string path) => path.Trim('/');

    /// <summary>The route a flow's HTTP trigger declares, if the flow has one.</summary>
    public static HookRoute? Of(FlowDefinition flow, int version)
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
            Literal("signatureSecret", "") is { Length: > 0 } secret ? secret : null
        );
    }

    private async Task<IReadOnlyList<HookRoute>> LoadAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        var published = await db
            .Flows.Where(f => f.PublishedVersion != null)
            .Join(
                db.FlowVersions,
                f => new { f.Id, Version = f.PublishedVersion!.Value },
                v => new { Id = v.FlowId, v.Version },
                (f, v) => v
            )
            .AsNoTracking()
            .ToListAsync(ct);
        return published
            .Select(v => Of(FlowJson.Deserialize(v.Json), v.Version))
            .OfType<HookRoute>()
            .OrderBy(r => r.FlowId, StringComparer.Ordinal)
            .ToList();
    }
}
