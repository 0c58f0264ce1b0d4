using Makini.Flows.Server.Bus;
using Makini.Flows.Server.Hooks;
using Makini.Flows.Server.Schedules;

namespace Makini.Flows.Server.Flows;

/// <summary>
/// What follows a change to the set of published flows (publish, unpublish, delete): hook routes and event
/// subscriptions are read again, and the scheduler is brought in line before the change is answered.
/// </summary>
public sealed class FlowTriggers(
    HookRoutes routes,
    EventSubscriptions events,
    ScheduleSync schedules
)
{
    public async Task ChangedAsync(CancellationToken ct)
    {
        routes.Invalidate();
        events.Invalidate();
        await schedules.RequestAsync(ct);
    }
}
