using Quartz;

namespace Makini.Flows.Server.Schedules;

/// <summary>The Quartz job of one published flow's ScheduleTrigger: each fire hands over to <see cref="ScheduleFirer"/>.</summary>
public sealed class ScheduleJob(ScheduleFirer firer) : IJob
{
    public const string FlowIdKey = "flowId";
    public const string ActivityIdKey = "activityId";
    public const string FingerprintKey = "fingerprint";

    public async ValueTask Execute(
        IJobExecutionContext context,
        CancellationToken cancellationToken
    )
    {
        var data = context.MergedJobDataMap;
        try
        {
            await firer.FireAsync(
                Text(data, FlowIdKey),
                Text(data, ActivityIdKey),
                context.ScheduledFireTimeUtc ?? context.FireTimeUtc,
                cancellationToken
            );
        }
        catch (Exception exception)
            when (exception is not OperationCanceledException && context.RefireCount < MaxRefires)
        {
            // A fire that failed (the database busy or briefly away) is fired again at once rather than lost;
            // the run's key (trigger + fire time) makes a fire that did get stored count once.
            throw new JobExecutionException(exception) { RefireImmediately = true };
        }
    }

    private const int MaxRefires = 5;

    private static string Text(JobDataMap data, string key) =>
        data.TryGetValue(key, out var value) && value?.ToString() is { Length: > 0 } text
            ? text
            : throw new InvalidOperationException($"the schedule job has no '{key}'");
}
