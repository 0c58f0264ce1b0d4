using Makini.Flows.Activities.Triggers;
using Makini.Flows.Engine.Serialization;
using Makini.Flows.Server.Flows;
using Makini.Flows.Server.Infrastructure;
using Quartz;

namespace Makini.Flows.Server.Schedules;

/// <summary>
/// Keeps Quartz's jobs equal to the ScheduleTriggers of the published flows: one job per flow and trigger
/// activity, with a cron trigger (in its time zone) or a simple interval trigger. A job whose schedule did not
/// change is left alone, so republishing a flow keeps its next fire time and a node starting does not disturb
/// the cluster; changed schedules are replaced, and the jobs of unpublished or deleted flows are removed.
/// </summary>
public sealed class ScheduleReconciler(
    ISchedulerFactory schedulers,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<ScheduleReconciler> logger
)
{
    public const string Group = "makini-schedules";

    private readonly SemaphoreSlim _gate = new(1, 1);

    public sealed record Wanted(string FlowId, string ActivityId, ScheduleSpec Spec);

    public async Task ReconcileAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var scheduler = await schedulers.GetScheduler(ct);
            var persistent = (await scheduler.GetMetadata(ct)).JobStorePersistent;
            var wanted = await WantedAsync(ct);
            foreach (
                var key in await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(Group), ct)
            )
                if (!wanted.ContainsKey(key))
                {
                    await scheduler.DeleteJob(key, ct);
                    logger.LogInformation("Schedule {Job} removed", key.Name);
                }
            foreach (var (key, want) in wanted)
            {
                var existing = await scheduler.GetJobDetail(key, ct);
                if (
                    existing is not null
                    && existing.JobDataMap.TryGetValue(ScheduleJob.FingerprintKey, out var known)
                    && known as string == want.Spec.Fingerprint
                )
                    continue;
                await scheduler.ScheduleJob(
                    Job(key, want),
                    [Trigger(key, want.Spec)],
                    new ScheduleJobOptions { Replace = true },
                    ct
                );
                logger.LogInformation(
                    "Schedule {Job} set: {Schedule}",
                    key.Name,
                    want.Spec.Fingerprint
                );
                if (existing is null && !persistent)
                    await CatchUpAsync(want, ct);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A new job of the in-memory store fires once for what it missed while the server was down.</summary>
    private async Task CatchUpAsync(Wanted want, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        if (await MissedFires.LatestAsync(db, want, time.GetUtcNow(), ct) is not { } missed)
            return;
        var outcome = await scope
            .ServiceProvider.GetRequiredService<ScheduleFirer>()
            .FireAsync(want.FlowId, want.ActivityId, missed, ct);
        logger.LogInformation(
            "Schedule {FlowId}/{ActivityId} missed its fire at {Missed:O}: {Outcome}",
            want.FlowId,
            want.ActivityId,
            missed,
            outcome
        );
    }

    public static JobKey KeyOf(string flowId, string activityId) =>
        new($"{flowId}/{activityId}", Group);

    private async Task<Dictionary<JobKey, Wanted>> WantedAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FlowsDbContext>();
        var wanted = new Dictionary<JobKey, Wanted>();
        foreach (var version in await PublishedVersions.LoadAsync(db, "ScheduleTrigger", ct))
        {
            var flow = FlowJson.Deserialize(version.Json);
            foreach (var node in flow.Activities.Where(a => a.Type == "ScheduleTrigger"))
                if (ScheduleSpec.Of(node) is { } spec)
                    wanted[KeyOf(flow.Id, node.Id)] = new Wanted(flow.Id, node.Id, spec);
        }
        return wanted;
    }

    private static IJobDetail Job(JobKey key, Wanted want) =>
        JobBuilder
            .Create<ScheduleJob>()
            .WithIdentity(key)
            .UsingJobData(ScheduleJob.FlowIdKey, want.FlowId)
            .UsingJobData(ScheduleJob.ActivityIdKey, want.ActivityId)
            .UsingJobData(ScheduleJob.FingerprintKey, want.Spec.Fingerprint)
            .Build();

    private ITrigger Trigger(JobKey key, ScheduleSpec spec)
    {
        var runOnce = spec.Misfire == ScheduleSpec.MisfireRunOnce;
        var builder = TriggerBuilder.Create(time).WithIdentity(key.Name, Group).ForJob(key);
        if (spec.Cron is { } cron)
            return builder
                .WithSchedule(
                    CronScheduleBuilder
                        .Create(cron.QuartzExpression)
                        .InTimeZone(spec.TimeZone)
                        .WithMisfireInstruction(
                            runOnce
                                ? CronTriggerMisfireInstruction.FireAndProceed
                                : CronTriggerMisfireInstruction.DoNothing
                        )
                )
                .StartNow()
                .Build();
        var interval = spec.Interval!.Value;
        return builder
            .WithSchedule(
                SimpleScheduleBuilder
                    .Create()
                    .WithInterval(interval)
                    .RepeatForever()
                    .WithMisfireInstruction(
                        runOnce
                            ? SimpleTriggerMisfireInstruction.NowWithExistingCount
                            : SimpleTriggerMisfireInstruction.NextWithRemainingCount
                    )
            )
            .StartAt(time.GetUtcNow() + interval)
            .Build();
    }
}
