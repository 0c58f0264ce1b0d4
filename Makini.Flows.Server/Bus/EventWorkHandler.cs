using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Validation;
using Makini.Flows.Engine.Values;
using Makini.Flows.Server.Flows;
using Makini.Flows.Server.Infrastructure;
using Makini.Flows.Server.Queue;
using Makini.Flows.Server.Runs;
using Makini.Flows.Server.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Bus;

/// <summary>
/// Dispatches one stored event: every published flow whose EventTrigger names the event's type, and whose filter
/// (if any) is true for it, gets a run. Each run's key is <c>event:{eventId}:{flowId}</c>, so an item delivered
/// again after a crash starts only the runs that were not started the first time. Webhook endpoints subscribed to
/// the type get a delivery each.
/// </summary>
public sealed class EventWorkHandler(
    FlowsDbContext db,
    FlowEngine engine,
    PublishedFlows flows,
    TriggeredRuns runs,
    WebhookOutbox webhooks,
    ILogger<EventWorkHandler> logger
) : IWorkHandler
{
    public async Task HandleAsync(WorkItemRecord item, CancellationToken cancellationToken)
    {
        var record = await db
            .Events.AsNoTracking()
            .FirstOrDefaultAsync(e => e.Id == item.Payload, cancellationToken);
        if (record is null)
            return;
        var input = EventBus.AsInput(record);
        // Webhook endpoints subscribed to the type get a signed delivery each (keyed by the event: once only).
        await webhooks.QueueDeliveriesAsync(
            db,
            new WebhookEvent(
                record.Type,
                record.ConnectionId,
                JsonNode.Parse(record.DataJson),
                new DateTimeOffset(record.CreatedAt, TimeSpan.Zero),
                record.Id
            ),
            cancellationToken
        );
        foreach (var subscription in await EventSubscriptions.LoadAsync(db, cancellationToken))
        {
            if (subscription.EventType != record.Type)
                continue;
            var found = await flows.FindAsync(
                subscription.FlowId,
                subscription.Version,
                cancellationToken
            );
            if (found is not { } flow || !Matches(flow.Plan, input, subscription.FlowId))
                continue;
            try
            {
                await runs.StartAsync(
                    flow,
                    input.DeepClone(),
                    RunTriggers.Event(record.Type, record.Id),
                    $"event:{record.Id}:{subscription.FlowId}",
                    cancellationToken
                );
            }
            catch (FlowInputException exception)
            {
                // The flow declares inputs an event does not have: retrying cannot help, the other flows still run.
                logger.LogWarning(
                    "Flow {FlowId} listens for {EventType} but cannot take the event as input: {Problems}",
                    subscription.FlowId,
                    record.Type,
                    string.Join("; ", exception.Problems)
                );
            }
        }
    }

    /// <summary>The trigger's filter, evaluated by the engine with the event as input; no filter matches all.</summary>
    private bool Matches(FlowPlan plan, System.Text.Json.Nodes.JsonNode input, string flowId)
    {
        try
        {
            var value = engine.EvaluateStartInput(plan, "filter", input);
            return value is null || ValueConverter.To<bool>(value, "filter");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A filter that throws for this event does not match it; retrying would throw again.
            logger.LogWarning(
                exception,
                "The event filter of flow {FlowId} failed; the flow was not started",
                flowId
            );
            return false;
        }
    }
}
