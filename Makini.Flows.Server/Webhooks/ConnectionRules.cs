using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Webhooks;

/// <summary>
/// The rules of every endpoint as seen from one connection: which event types of the connection reach which
/// endpoint, set per endpoint (its rules naming the connection are replaced by one), and a deleted connection taken
/// out of every rule.
/// </summary>
public static class ConnectionRules
{
    /// <summary>The event types of the connection an endpoint's rules send: named for it, and for all connections.</summary>
    public static (IReadOnlyList<string> ForConnection, IReadOnlyList<string> ForAll) TypesFor(
        IReadOnlyList<WebhookRule> rules,
        string connectionId
    ) =>
        (
            [
                .. rules
                    .Where(r => r.ConnectionIds?.Contains(connectionId) == true)
                    .SelectMany(r => r.EventTypes)
                    .Distinct(),
            ],
            [.. rules.Where(r => r.ConnectionIds is null).SelectMany(r => r.EventTypes).Distinct()]
        );

    /// <summary>
    /// The endpoint's rules with the connection's own choice replaced: the connection leaves every rule naming it
    /// (a rule left with no connection goes), then one rule names it with <paramref name="types"/> (none: no rule).
    /// Types its rules for all connections send already are not repeated.
    /// </summary>
    public static List<WebhookRule> WithChoice(
        IReadOnlyList<WebhookRule> rules,
        string connectionId,
        IReadOnlyCollection<string> types
    )
    {
        var kept = Without(rules, connectionId);
        var forAll = kept.Where(r => r.ConnectionIds is null)
            .SelectMany(r => r.EventTypes)
            .ToHashSet();
        var own = types.Where(t => !forAll.Contains(t)).Distinct().ToList();
        if (own.Count > 0)
            kept.Add(new WebhookRule(own, [connectionId]));
        return kept;
    }

    public static List<WebhookRule> Without(
        IReadOnlyList<WebhookRule> rules,
        string connectionId
    ) =>
        [
            .. rules
                .Select(r =>
                    r.ConnectionIds?.Contains(connectionId) == true
                        ? r with
                        {
                            ConnectionIds = [.. r.ConnectionIds.Where(c => c != connectionId)],
                        }
                        : r
                )
                .Where(r => r.ConnectionIds is null || r.ConnectionIds.Count > 0),
        ];

    /// <summary>Takes a deleted connection out of every endpoint's rules (in the caller's transaction).</summary>
    public static async Task ForgetConnectionAsync(
        FlowsDbContext db,
        string connectionId,
        DateTime now,
        CancellationToken ct
    )
    {
        var quoted = $"\"{connectionId}\"";
        var endpoints = await db
            .WebhookEndpoints.Where(e =>
                e.ConnectionId == connectionId
                || (e.RulesJson != null && e.RulesJson.Contains(quoted))
            )
            .ToListAsync(ct);
        foreach (var endpoint in endpoints)
        {
            var rules = WebhookRule.Of(endpoint);
            if (!rules.Any(r => r.ConnectionIds?.Contains(connectionId) == true))
                continue;
            WebhookRule.Store(endpoint, Without(rules, connectionId));
            endpoint.UpdatedAt = now;
        }
        await db.SaveChangesAsync(ct);
    }
}
