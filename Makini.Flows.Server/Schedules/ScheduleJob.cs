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
        await firer.FireAsync(
            Text(data, FlowIdKey),
            Text(data, ActivityIdKey),
            context.ScheduledFireTimeUtc ?? context.FireTimeUtc,
            cancellationToken
        );
    }

    private static string Text(JobDataMap data, string key) =>
        data.TryGetValue(key, out var value) && value?.ToString() is { Length: > 0 } text
            ? text
            : throw new InvalidOperationException($"the schedule job has no '{key}'");
}
