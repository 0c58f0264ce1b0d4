using Makini.Flows.Activities.Triggers;

namespace Makini.Flows.Server.Webhooks;

/// <summary>
/// The event types an endpoint can subscribe to: the platform's (<see cref="EventTypes"/>), the entity events of
/// syncs (<c>work-order.updated</c>...) and the test event.
/// </summary>
public static class WebhookEventTypes
{
    /// <summary>Sent only by a test send to one endpoint; every other type is a platform event.</summary>
    public const string Test = "webhook.test";

    public static readonly IReadOnlyList<string> All =
    [
        EventTypes.FlowRunFailed,
        EventTypes.FlowRunCompleted,
        EventTypes.SyncCompleted,
        EventTypes.SyncFailed,
        EventTypes.ConnectionAuthRequired,
        EventTypes.ConnectionStatusChanged,
        EventTypes.SystemError,
        .. Bus.EventCatalog.EntityTypes.Select(t => t.Type),
        Test,
    ];

    private static readonly HashSet<string> Known = [.. All];

    public static bool IsKnown(string type) => Known.Contains(type);

    public static string Join(IEnumerable<string> types) => string.Join(' ', types.Distinct());

    public static string[] Split(string types) =>
        types.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
