using Makini.Flows.Server.Bus;
using Makini.Flows.Server.Queue;
using Makini.Flows.Tests.Shared;

namespace Makini.Flows.Server.Tests.Retention;

/// <summary>The hourly sweeps of done queue items and dispatched events, with their default retention.</summary>
public abstract class RetentionTests(string provider, Func<string> connectionString)
{
    private Task<RetentionRig> CreateRigAsync() =>
        RetentionRig.CreateAsync(provider, connectionString());

    [Fact]
    public async Task Done_queue_items_are_deleted_a_day_after_their_last_change_and_other_items_stay()
    {
        await using var rig = await CreateRigAsync();
        await rig.AddItemAsync(WorkStatus.Done);
        var queued = await rig.AddItemAsync(WorkStatus.Queued);
        var leased = await rig.AddItemAsync(WorkStatus.Leased);
        var dead = await rig.AddItemAsync(WorkStatus.Dead);
        rig.Time.Advance(TimeSpan.FromHours(23));
        var recentDone = await rig.AddItemAsync(WorkStatus.Done);

        (await rig.SweepAsync<QueueRetention>()).ShouldBe(0, "nothing is a day old yet");
        rig.Time.Advance(TimeSpan.FromHours(2));
        (await rig.SweepAsync<QueueRetention>()).ShouldBe(1);

        (await rig.ItemIdsAsync()).ShouldBe([queued, leased, dead, recentDone]);
    }

    [Fact]
    public async Task Events_are_deleted_a_week_after_publishing_once_their_dispatch_is_over()
    {
        await using var rig = await CreateRigAsync();
        var dispatched = await rig.PublishAsync(WorkStatus.Done);
        var dispatchedAndSwept = await rig.PublishAsync(dispatch: null);
        var waiting = await rig.PublishAsync(WorkStatus.Queued);
        var dispatching = await rig.PublishAsync(WorkStatus.Leased);
        var failed = await rig.PublishAsync(WorkStatus.Dead);
        rig.Time.Advance(TimeSpan.FromDays(6));
        var recent = await rig.PublishAsync(WorkStatus.Done);

        (await rig.SweepAsync<EventRetention>()).ShouldBe(0, "nothing is a week old yet");
        rig.Time.Advance(TimeSpan.FromDays(2));
        (await rig.SweepAsync<EventRetention>()).ShouldBe(2);

        var left = await rig.EventIdsAsync();
        left.ShouldBe([waiting, dispatching, failed, recent], ignoreOrder: true);
        left.ShouldNotContain(dispatched);
        left.ShouldNotContain(dispatchedAndSwept);
    }
}

public sealed class RetentionTestsOnSqlite()
    : RetentionTests(
        "Sqlite",
        () =>
            $"Data Source={Path.Combine(Path.GetTempPath(), $"makini-test-{Guid.NewGuid():N}.db")}"
    );

public sealed class RetentionTestsOnPostgres(PostgresServer postgres)
    : RetentionTests(
        "Postgres",
        () =>
            postgres
                .CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken)
                .GetAwaiter()
                .GetResult()
    );
