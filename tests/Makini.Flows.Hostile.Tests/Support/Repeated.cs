namespace Makini.Flows.Hostile.Tests.Support;

/// <summary>One test step done many times, a few at once.</summary>
public static class Repeated
{
    /// <summary>Calls <paramref name="step"/> with 0 to <paramref name="times"/> - 1, at most <paramref name="concurrency"/> at once.</summary>
    public static Task RunAsync(int times, int concurrency, Func<int, Task> step) =>
        Parallel.ForEachAsync(
            Enumerable.Range(0, times),
            new ParallelOptions
            {
                MaxDegreeOfParallelism = concurrency,
                CancellationToken = TestContext.Current.CancellationToken,
            },
            async (i, _) => await step(i)
        );
}
