namespace Makini.Flows.Hostile.Tests.Support;

/// <summary>
/// Many hostile runs that end quickly: refused allocations and runtime errors, with now and then one that
/// takes its host down (out of memory, a JIT crash), so host replacement is part of the mix.
/// </summary>
public static class HostileMix
{
    private const string HostKiller = "mix-out-of-memory";
    private const string JitCrasher = "mix-loop-in-finally";

    public static readonly (string FlowId, string Script)[] Scripts =
    [
        ("mix-huge-array", "new long[600_000_000].Length"),
        ("mix-null", "input[\"missing\"]!.AsArray().Count"),
        ("mix-parse", "int.Parse(\"hostile\")"),
        (HostKiller, "string.Concat(Enumerable.Repeat(new string('x', 1000), 10_000_000)).Length"),
        (JitCrasher, "try { while (true) { } } finally { while (true) { } }"),
    ];

    /// <summary>Runs <paramref name="runs"/> hostile runs, each of which must fault.</summary>
    public static Task RunAsync(HttpClient client, int runs, int concurrency) =>
        Repeated.RunAsync(
            runs,
            concurrency,
            async i =>
            {
                var run = await client.RunAsync(FlowFor(i));
                run.Status.ShouldBe("Faulted", run.ToString());
            }
        );

    /// <summary>One run in forty takes its host down; the others end inside a healthy host.</summary>
    private static string FlowFor(int i) =>
        (i % 40) switch
        {
            0 => HostKiller,
            20 => JitCrasher,
            _ => Scripts[i % 3].FlowId,
        };
}
