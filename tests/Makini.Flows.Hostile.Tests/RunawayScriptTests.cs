using System.Diagnostics;
using Makini.Flows.Hostile.Tests.Support;

namespace Makini.Flows.Hostile.Tests;

/// <summary>
/// Scripts that never end, or end their host: the run faults with a message naming the limit or the crash, no
/// process keeps burning a core, and the server goes on serving.
/// </summary>
public sealed class RunawayScriptTests(HostileServer server) : IClassFixture<HostileServer>
{
    /// <summary>0.3 s of CPU in a one-second window: a host that still runs a script uses about 1 s.</summary>
    private const long BurningTicks = ProcFs.TicksPerSecond * 3 / 10;

    public static TheoryData<string, string, string[]> Runaways =>
        new()
        {
            // A try/finally of two endless loops has crashed the JIT in the past: a crash is an acceptable end.
            {
                "loop-in-finally",
                "try { while (true) { } } finally { while (true) { } }",
                [Causes.TimeLimit, Causes.HostCrashed]
            },
            { "tail-recursion", "int F(int n) => F(n + 1);\nF(0)", [Causes.TimeLimit] },
            {
                "lambda-recursion",
                "Func<int, int> f = null;\nf = n => f(n + 1) + 1;\nf(0)",
                [Causes.Recursion, "stack overflow", Causes.TimeLimit]
            },
        };

    [Theory]
    [MemberData(nameof(Runaways))]
    public async Task A_script_that_never_ends_faults_its_run(
        string flowId,
        string script,
        string[] causes
    )
    {
        await server.Client.PublishScriptAsync(flowId, script);

        var run = await server.Client.RunAsync(flowId);

        run.ShouldFaultWith(causes);
        await server.ShouldStillServeAsync();
    }

    [Fact]
    public async Task A_finally_that_swaps_the_limit_for_a_catchable_exception_still_faults_and_frees_the_core()
    {
        await PublishWithQuietHostsAsync(
            "swapped-limit",
            "try { try { while (true) { } } finally { throw new InvalidOperationException(\"x\"); } }\ncatch (InvalidOperationException) { }\n1"
        );

        var hostsBefore = server.ScriptHosts();
        var run = await server.Client.RunAsync("swapped-limit");

        run.ShouldFaultWith(Causes.TimeLimit);
        // The hosts that could have run the script: a replacement started since warms its compiler up, which
        // is expected work, not the script's.
        var used = await ProcFs.CpuTicksDuringAsync(
            [.. server.ScriptHosts().Intersect(hostsBefore)],
            TimeSpan.FromSeconds(1)
        );
        used.ShouldAllBe(
            host => host.Value < BurningTicks,
            $"CPU ticks of each script host in 1 s: {string.Join(", ", used)}"
        );
        await server.ShouldStillServeAsync();
    }

    [Fact]
    public async Task A_host_killed_in_the_middle_of_an_evaluation_faults_only_that_run()
    {
        await PublishWithQuietHostsAsync(
            "busy-within-limit",
            "var end = DateTime.UtcNow.AddMilliseconds(1800);\nwhile (DateTime.UtcNow < end) { }\n1"
        );

        var running = server.Client.RunAsync("busy-within-limit");
        // Idle hosts use no CPU; on a loaded machine the busy one may get only part of a core.
        var used = await SampleHostsUntilAsync(used => used.Values.Any(ticks => ticks >= 3));
        // A replacement host warming its compiler up may burn CPU too: every busy host is killed, so the one
        // evaluating the script surely is, and the run is the only one that can fault.
        foreach (var host in used.Where(host => host.Value >= 3))
            KillIfRunning(host.Key);
        var run = await running;

        run.ShouldFaultWith(Causes.HostCrashed);
        await server.ShouldStillServeAsync();
    }

    /// <summary>
    /// Publishes the script, then waits until no host is starting or warming up, so CPU samples taken next
    /// show only what the script does.
    /// </summary>
    private async Task PublishWithQuietHostsAsync(string flowId, string script)
    {
        await server.Client.PublishScriptAsync(flowId, script);
        await SampleHostsUntilAsync(used => used.Values.All(ticks => ticks < 3));
    }

    private static void KillIfRunning(int processId)
    {
        try
        {
            Process.GetProcessById(processId).Kill();
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }

    /// <summary>CPU ticks of each script host over 0.3 s, sampled until <paramref name="enough"/> holds.</summary>
    private async Task<Dictionary<int, long>> SampleHostsUntilAsync(
        Func<Dictionary<int, long>, bool> enough
    )
    {
        var deadline = Stopwatch.StartNew();
        Dictionary<int, long> used = [];
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            used = await ProcFs.CpuTicksDuringAsync(
                server.ScriptHosts(),
                TimeSpan.FromMilliseconds(300)
            );
            if (used.Count > 0 && enough(used))
                return used;
        }
        throw new TimeoutException($"script hosts' CPU ticks in 0.3 s: {string.Join(", ", used)}");
    }
}
