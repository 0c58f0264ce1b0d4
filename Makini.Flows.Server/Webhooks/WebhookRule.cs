using System.Text.Json;
using System.Text.Json.Serialization;

namespace Makini.Flows.Server.Webhooks;

/// <summary>
/// One subscription rule of an endpoint: these event types, for all connections (<see cref="ConnectionIds"/> null) or
/// for these connections. An event about a connection matches a rule naming its type and covering its connection;
/// an event about no connection (<c>system.error</c>, <c>flow.run.*</c>) matches any rule naming its type.
/// </summary>
public sealed record WebhookRule(
    IReadOnlyList<string> EventTypes,
    IReadOnlyList<string>? ConnectionIds = null
)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public bool Covers(string? connectionId) =>
        connectionId is null || ConnectionIds is null || ConnectionIds.Contains(connectionId);

    public bool Matches(string type, string? connectionId) =>
        EventTypes.Contains(type) && Covers(connectionId);

    /// <summary>The rules of an endpoint; one stored before rules existed has one, made of its types and connection.</summary>
    public static IReadOnlyList<WebhookRule> Of(WebhookEndpointRecord endpoint) =>
        Of(endpoint.RulesJson, endpoint.EventTypes, endpoint.ConnectionId);

    public static IReadOnlyList<WebhookRule> Of(
        string? rulesJson,
        string eventTypes,
        string? connectionId
    ) =>
        rulesJson is not null
            ? JsonSerializer.Deserialize<List<WebhookRule>>(rulesJson, Json) ?? []
            :
            [
                new WebhookRule(
                    WebhookEventTypes.Split(eventTypes),
                    connectionId is null ? null : [connectionId]
                ),
            ];

    public static bool AnyMatches(
        IEnumerable<WebhookRule> rules,
        string type,
        string? connectionId
    ) => rules.Any(r => r.Matches(type, connectionId));

    /// <summary>Stores the rules on the endpoint, with the union of their types (what listeners are asked about).</summary>
    public static void Store(WebhookEndpointRecord endpoint, IReadOnlyList<WebhookRule> rules)
    {
        endpoint.RulesJson = JsonSerializer.Serialize(rules, Json);
        endpoint.EventTypes = WebhookEventTypes.Join(rules.SelectMany(r => r.EventTypes));
        endpoint.ConnectionId = null;
    }
}
