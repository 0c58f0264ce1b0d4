using System.Text.Json.Nodes;
using Makini.Flows.Activities.Triggers;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Server.Infrastructure;

namespace Makini.Flows.Server.Bus;

/// <summary>
/// Raises <c>flow.run.completed</c> and <c>flow.run.failed</c> when a run ends, in the same unit of work that
/// stores its end. Only when some published flow or enabled webhook endpoint listens for the type (most runs raise
/// nothing), asked of <see cref="EventSubscriptions"/> without a query (a listener added on any node counts as soon
/// as its change is committed, see there), and never for a run that a <c>flow.run.*</c> event started, so that a
/// flow listening for failures cannot trigger itself endlessly.
/// </summary>
public sealed class RunOutcomeEvents(EventBus bus, EventSubscriptions subscriptions)
{
    /// <summary>Adds the event when <paramref name="run"/> has just ended; true when one was added.</summary>
    public async Task<bool> AddAsync(
        FlowsDbContext db,
        RunRecord run,
        string? previousStatus,
        CancellationToken ct
    )
    {
        var type = run.Status switch
        {
            nameof(RunStatus.Completed) => EventTypes.FlowRunCompleted,
            nameof(RunStatus.Faulted) => EventTypes.FlowRunFailed,
            _ => null,
        };
        if (
            type is null
            || previousStatus == run.Status
            || RunTriggers.IsRunOutcomeEvent(run.Trigger)
            || !await subscriptions.AnyListensToAsync(type, ct)
        )
            return false;
        bus.Add(
            db,
            type,
            null,
            new JsonObject
            {
                ["runId"] = run.Id,
                ["flowId"] = run.FlowId,
                ["flowVersion"] = run.FlowVersion,
                ["status"] = run.Status,
                ["error"] = run.Error,
                ["trigger"] = run.Trigger,
            }
        );
        return true;
    }
}
