using Makini.Flows.Activities.Triggers;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Server.Flows;
using Makini.Flows.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Makini.Flows.Server.Schedules;

/// <summary>A published ScheduleTrigger as a fire needs it: the plan of its flow's published version, and its spec.</summary>
public sealed record PublishedSchedule((FlowPlan Plan, int Version) Flow, ScheduleSpec Spec);

/// <summary>
/// The published schedules of many flows at once: one query for the published versions' stamps, the plans from
/// <see cref="PublishedFlows"/>'s cache (read from the database only the first time a version is met).
/// </summary>
public sealed class PublishedSchedules(FlowsDbContext db, PublishedFlows flows)
{
    public async Task<Dictionary<(string FlowId, string ActivityId), PublishedSchedule>> LoadAsync(
        IEnumerable<string> flowIds,
        CancellationToken cancellationToken
    )
    {
        var stamps = await PublishedVersions
            .StampsOf(db, [.. flowIds.Distinct()])
            .ToListAsync(cancellationToken);
        var schedules = new Dictionary<(string, string), PublishedSchedule>();
        foreach (var stamp in stamps)
        {
            if (
                await flows.FindAsync(stamp.FlowId, stamp.Version, cancellationToken, stamp.Hash)
                is not { } flow
            )
                continue;
            foreach (
                var node in flow.Plan.Definition.Activities.Where(a => a.Type == "ScheduleTrigger")
            )
                if (ScheduleSpec.Of(node) is { } spec)
                    schedules[(stamp.FlowId, node.Id)] = new PublishedSchedule(flow, spec);
        }
        return schedules;
    }
}
