using System.Text.Json.Nodes;
using Makini.Flows.Engine.Activities;

namespace Makini.Flows.Activities.Data;

/// <summary>
/// Syncs a connection's records into the unified model, as its schedule does, and outputs what changed:
/// <c>outputs.&lt;id&gt;.status</c>, <c>.counts</c> (per entity: inserted, updated, deleted...), <c>.changedKeys</c>
/// (per entity), <c>.syncId</c>, <c>.error</c>.
/// </summary>
[Activity(
    "Sync",
    "Data",
    "Syncs a connection's records from its maintenance system into the unified model (all entities or some; incremental or full) and outputs the counts and the keys that changed. Waits for the sync, or only starts it.",
    DisplayName = "Sync connection",
    Ports = [ActivityPorts.Done, Outbound.OutboundPorts.Failed]
)]
public sealed class Sync : Activity
{
    public const double MaxWaitSeconds = 3600;

    [Input("The connection's id (con_...).", Required = true)]
    public Input<string> ConnectionId { get; set; } = null!;

    [Input(
        "Entities to sync, e.g. [\"work-orders\", \"assets\"]; empty syncs every entity the connector reads.",
        UiHint = UiHints.Json
    )]
    public Input<JsonArray> Entities { get; set; } = null!;

    [Input(
        "Full: read everything and mark what the system no longer has deleted; otherwise only what changed since the last sync.",
        UiHint = UiHints.Checkbox,
        DefaultJson = "false"
    )]
    public Input<bool> Full { get; set; } = null!;

    [Input(
        "Wait for the sync to end (its counts are then in the outputs); otherwise start it and go on.",
        UiHint = UiHints.Checkbox,
        DefaultJson = "true"
    )]
    public Input<bool> Wait { get; set; } = null!;

    [Input("How long to wait at most, in seconds (up to 3600).", DefaultJson = "600")]
    public Input<double> TimeoutSeconds { get; set; } = null!;

    [Output(
        "completed, failed, or started (not waited for, or still running when the wait ended)."
    )]
    public Output<string> Status { get; set; } = null!;

    [Output("The sync's id.")]
    public Output<string> SyncId { get; set; } = null!;

    [Output("Per entity: inserted, updated, deleted, unchanged, pages.")]
    public Output<JsonObject> Counts { get; set; } = null!;

    [Output(
        "Per entity, the keys of the records the sync inserted, updated or deleted (at most 1,000 each)."
    )]
    public Output<JsonObject> ChangedKeys { get; set; } = null!;

    [Output("Why the sync failed; null otherwise.")]
    public Output<string> Error { get; set; } = null!;

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var connectionId = context.Get(ConnectionId);
        if (string.IsNullOrWhiteSpace(connectionId))
            throw new InvalidOperationException("connectionId is required");
        var entities = context
            .Get(Entities)
            ?.Select(e => e?.GetValue<string>() ?? "")
            .Where(e => e.Length > 0)
            .ToList();
        var timeout = context.Get(TimeoutSeconds);
        if (double.IsNaN(timeout) || timeout <= 0 || timeout > MaxWaitSeconds)
            throw new InvalidOperationException(
                $"timeoutSeconds must be more than 0 and at most {MaxWaitSeconds}, not {timeout}"
            );
        var outcome = await context
            .GetRequiredService<IConnectionData>()
            .SyncAsync(
                connectionId,
                entities is { Count: > 0 } ? entities : null,
                context.Get(Full),
                context.Get(Wait),
                TimeSpan.FromSeconds(timeout),
                context.CancellationToken
            );
        context.SetOutput(Status.Name, outcome.Status);
        context.SetOutput(SyncId.Name, outcome.SyncId);
        context.SetOutput(Counts.Name, outcome.Counts);
        context.SetOutput(ChangedKeys.Name, outcome.ChangedKeys);
        context.SetOutput(
            Error.Name,
            outcome.Error is null ? null : $"{outcome.ErrorCode}: {outcome.Error}"
        );
        return outcome.Status == "failed"
            ? ActivityResult.Outcome(Outbound.OutboundPorts.Failed)
            : ActivityResult.Done;
    }
}
