using Makini.Flows.Engine.Activities;

namespace Makini.Flows.Activities.Triggers;

/// <summary>
/// Starts a published flow when a platform event of one type is published and its optional filter, evaluated
/// with the event as <c>input</c>, is true. The event is the run's input:
/// <c>input.id</c>, <c>input.type</c>, <c>input.connectionId</c>, <c>input.data</c>, <c>input.createdAt</c>.
/// The server reads the trigger to route events; executing it only continues.
/// </summary>
[Activity(
    "EventTrigger",
    "Triggers",
    "Starts the flow when a platform event of the chosen type is published (and the filter, if any, is true); the event is the run's input.",
    DisplayName = "Event Trigger",
    IsStart = true
)]
public sealed class EventTrigger : Activity
{
    [Input(
        "Type of event that starts the flow: a platform event, or a record change a sync found (work-order.updated...).",
        Required = true,
        UiHint = UiHints.Dropdown,
        Options = [
            EventTypes.FlowRunFailed,
            EventTypes.FlowRunCompleted,
            EventTypes.SyncCompleted,
            EventTypes.SyncFailed,
            EventTypes.ConnectionAuthRequired,
            EventTypes.ConnectionStatusChanged,
            EventTypes.SystemError,
            // A sync's record changes, per unified entity (see Makini.Flows.Connectors' UnifiedModel).
            "site.inserted",
            "site.updated",
            "site.deleted",
            "location.inserted",
            "location.updated",
            "location.deleted",
            "asset.inserted",
            "asset.updated",
            "asset.deleted",
            "work-order.inserted",
            "work-order.updated",
            "work-order.deleted",
            "service-request.inserted",
            "service-request.updated",
            "service-request.deleted",
            "material.inserted",
            "material.updated",
            "material.deleted",
            "purchase-order.inserted",
            "purchase-order.updated",
            "purchase-order.deleted",
            "line-item.inserted",
            "line-item.updated",
            "line-item.deleted",
            "user.inserted",
            "user.updated",
            "user.deleted",
            "vendor.inserted",
            "vendor.updated",
            "vendor.deleted",
            "team.inserted",
            "team.updated",
            "team.deleted",
            "meter.inserted",
            "meter.updated",
            "meter.deleted",
            "meter-reading.inserted",
            "meter-reading.updated",
            "meter-reading.deleted",
            "pm.inserted",
            "pm.updated",
            "pm.deleted",
            "storeroom.inserted",
            "storeroom.updated",
            "storeroom.deleted",
            "inventory.inserted",
            "inventory.updated",
            "inventory.deleted",
        ],
        LiteralOnly = true
    )]
    public Input<string> EventType { get; set; } = null!;

    [Input(
        "Optional condition on the event, which it sees as input (e.g. input.data.flowId == 'nightly-sync'); the flow starts only when it is true.",
        UiHint = UiHints.Code
    )]
    public Input<bool> Filter { get; set; } = null!;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Done);
}

/// <summary>The platform's event types.</summary>
public static class EventTypes
{
    public const string FlowRunFailed = "flow.run.failed";
    public const string FlowRunCompleted = "flow.run.completed";
    public const string SyncCompleted = "sync.completed";
    public const string SyncFailed = "sync.failed";
    public const string ConnectionAuthRequired = "connection.auth_required";
    public const string ConnectionStatusChanged = "connection.status_changed";
    public const string SystemError = "system.error";
}
