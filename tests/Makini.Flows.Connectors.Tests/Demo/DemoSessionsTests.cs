using Makini.Flows.Connectors.Demo;

namespace Makini.Flows.Connectors.Tests.Demo;

public sealed class DemoSessionsTests
{
    [Fact]
    public async Task Logins_at_once_beyond_the_bound_all_succeed_and_the_bound_holds()
    {
        var sessions = new DemoSessions(TimeProvider.System, TimeSpan.FromHours(1), capacity: 200);

        await Parallel.ForEachAsync(
            Enumerable.Range(0, 20_000),
            new ParallelOptions
            {
                MaxDegreeOfParallelism = 8,
                CancellationToken = TestContext.Current.CancellationToken,
            },
            (_, _) =>
            {
                sessions.Open().Token.ShouldNotBeNullOrEmpty();
                return ValueTask.CompletedTask;
            }
        );

        sessions.Count.ShouldBeLessThanOrEqualTo(200 + 8);
    }
}
