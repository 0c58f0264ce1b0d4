using System.Diagnostics;
using System.Text.Json.Nodes;
using Makini.Flows.Engine.Expressions.CSharp;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Tests.Support;

namespace Makini.Flows.Engine.Tests.CSharp;

/// <summary>
/// Script hosts killed from outside (the kernel's OOM killer, an operator) are replaced, and nothing of it
/// reaches the engine's process: the watchdog used to read a disposed host and end the process.
/// </summary>
public sealed class ScriptHostReplacementTests
{
    // Limits of their own, so this pool's hosts are not shared with other tests running meanwhile.
    private readonly FlowEngine _engine = new(
        options: new FlowEngineOptions
        {
            CSharpLimits = new CSharpLimits { Hosts = 2, MaxCollectionLength = 9_999_999 },
        }
    );

    [Fact]
    public async Task Hosts_killed_while_idle_are_replaced_and_the_next_scripts_are_exact()
    {
        var flow = _engine.Prepare(FlowBuilder.EvaluateCSharp("(int)input![\"a\"]! * 2"));
        for (var round = 0; round < 3; round++)
        {
            var run = await _engine.StartAsync(
                flow,
                new JsonObject { ["a"] = round },
                TestContext.Current.CancellationToken
            );
            run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
            run.Output!.GetValue<int>().ShouldBe(round * 2);
            foreach (var pid in _engine.CSharpHosts.HostProcessIds)
                Kill(pid);
        }

        var last = await _engine.StartAsync(
            flow,
            new JsonObject { ["a"] = 21 },
            TestContext.Current.CancellationToken
        );
        last.Status.ShouldBe(RunStatus.Completed, last.Error?.Message);
        last.Output!.GetValue<int>().ShouldBe(42);
        _engine.CSharpHosts.HostsStarted.ShouldBeGreaterThan(3);
    }

    [Fact]
    public async Task The_pool_keeps_no_more_hosts_than_its_limit_however_starts_and_replacements_meet()
    {
        var engine = new FlowEngine(
            options: new FlowEngineOptions
            {
                CSharpLimits = new CSharpLimits { Hosts = 2, MaxCollectionLength = 9_999_998 },
            }
        );
        var flow = engine.Prepare(FlowBuilder.EvaluateCSharp("(int)input![\"a\"]! * 2"));
        engine.CSharpHosts.WarmUp();

        // Both hosts killed while idle: the watchdog starts replacements while eight runs, finding no host,
        // start their own.
        foreach (var pid in engine.CSharpHosts.HostProcessIds)
            Kill(pid);
        var runs = await Task.WhenAll(
            Enumerable
                .Range(0, 8)
                .Select(i =>
                    Task.Run(
                        () => engine.StartAsync(flow, new JsonObject { ["a"] = i }),
                        TestContext.Current.CancellationToken
                    )
                )
        );

        runs.Select(r => r.Output?.GetValue<int>())
            .ShouldBe(Enumerable.Range(0, 8).Select(i => (int?)(i * 2)));
        var settled = await Eventually(() => engine.CSharpHosts.LiveHosts <= 2);
        settled.ShouldBeTrue($"{engine.CSharpHosts.LiveHosts} hosts alive, the limit is 2");
    }

    /// <summary>Whether the condition holds within 30 s (replacements start in the background).</summary>
    private static async Task<bool> Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 300; i++)
        {
            if (condition())
                return true;
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        return condition();
    }

    private static void Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            process.WaitForExit();
        }
        catch (ArgumentException) { } // already gone
    }
}
