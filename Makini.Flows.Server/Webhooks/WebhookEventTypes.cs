namespace Makini.Flows.Server.Webhooks;

/// <summary>The event types an endpoint can subscribe to.</summary>
public static class WebhookEventTypes
{
    public const string FlowRunFailed = "flow.run.failed";
    public const string FlowRunCompleted = "flow.run.completed";
    public const string SyncCompleted = "sync.completed";
    public const string SyncFailed = "sync.failed";
    public const string ConnectionAuthRequired = "connection.auth_required";
    public const string ConnectionStatusChanged = "connection.status_changed";
    public const string SystemError = "system.error";
    public const string Test = "webhook.test";

    public static readonly IReadOnlyList<string> All =
    [
        FlowRunFailed,
        FlowRunCompleted,
        SyncCompleted,
        SyncFailed,
        ConnectionAuthRequired,
        ConnectionStatusChanged,
        SystemError,
        Test,
    ];

    public static bool IsKnown(string type) => All.Contains(type);

    public static string Join(IEnumerable<string> types) => string.Join(' ', types.Distinct());

    public static string[] Split(string types) =>
        types.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
