using System.Text.Json.Nodes;
using Makini.Flows.Hostile.Tests.Support;
using static Makini.Flows.Hostile.Tests.Support.ServerMemory;

namespace Makini.Flows.Hostile.Tests;

/// <summary>
/// JavaScript engines are pooled and shared by the runs of every flow: what one flow's script does to an
/// engine (shared prototypes, legacy RegExp statics, queued promise jobs, the symbol registry) must fail or
/// stay within its run, and every later run of another flow must get its exact result.
/// </summary>
[Collection(OneAtATime.Name)]
public sealed class JavaScriptLeakTests(HostileServer server, ITestOutputHelper output)
    : IClassFixture<HostileServer>
{
    /// <summary>Each attempt's outcome: <c>TypeError</c> when refused, <c>changed</c> when it went through.</summary>
    private const string TamperWithEverything = """
        const arrayIterator = Object.getPrototypeOf([][Symbol.iterator]());
        const targets = {
          arrayIterator,
          iterator: Object.getPrototypeOf(arrayIterator),
          stringIterator: Object.getPrototypeOf(''[Symbol.iterator]()),
          mapIterator: Object.getPrototypeOf(new Map()[Symbol.iterator]()),
          setIterator: Object.getPrototypeOf(new Set()[Symbol.iterator]()),
          regExpStringIterator: Object.getPrototypeOf('a'.matchAll(/a/g)),
          asyncFunction: Object.getPrototypeOf(async function () {}),
          asyncGeneratorFunction: Object.getPrototypeOf(async function* () {}),
          asyncGenerator: Object.getPrototypeOf(async function* () {}).prototype,
          generator: Object.getPrototypeOf(function* () {}).prototype,
          promise: Promise.prototype,
          regExp: RegExp,
        };
        const outcome = {};
        const attempt = (name, change) => {
          try { change(); outcome[name] = 'changed'; }
          catch (e) { outcome[name] = e instanceof TypeError ? 'TypeError' : String(e); }
        };
        for (const [name, target] of Object.entries(targets)) {
          attempt(name + '.next', () => { target.next = function () { return { done: true }; }; });
          attempt(name + '.then', () => { target.then = function () {}; });
          attempt(name + '.define', () => Object.defineProperty(target, 'planted', { value: 1 }));
          attempt(name + '.prototype', () => Object.setPrototypeOf(target, null));
        }
        attempt('RegExp.$1', () => { RegExp.$1 = 'planted'; });
        attempt('RegExp.lastMatch', () => Object.defineProperty(RegExp, 'lastMatch', { get: () => 'planted' }));
        attempt('Array.iterator', () => { Array.prototype[Symbol.iterator] = function* () {}; });
        attempt('String.iterator', () => { String.prototype[Symbol.iterator] = function* () {}; });
        outcome
        """;

    [Fact]
    public async Task Tampering_with_shared_prototypes_is_refused_and_no_other_flow_sees_it()
    {
        await server.Client.PublishJavaScriptAsync("tamper-caught", TamperWithEverything);
        await server.Client.PublishJavaScriptAsync(
            "tamper-uncaught",
            "Object.getPrototypeOf([][Symbol.iterator]()).next = () => ({ done: true });\n1"
        );

        var caught = await server.Client.RunAsync("tamper-caught");
        var uncaught = await server.Client.RunAsync("tamper-uncaught");

        output.WriteLine($"tamper-caught: {caught}");
        caught.Status.ShouldBe("Completed", caught.ToString());
        var outcomes = caught.Output.ShouldBeOfType<JsonObject>();
        outcomes.Count.ShouldBe(12 * 4 + 4);
        outcomes.ShouldAllBe(attempt => (string)attempt.Value! == "TypeError");
        uncaught.ShouldFaultWith(Causes.TypeError);
        // The tampering flows again, side by side with the benign ones, on whichever engines they get.
        var tampering = Enumerable
            .Range(0, 8)
            .Select(async i =>
                (
                    await server.Client.RunAsync(i % 2 == 0 ? "tamper-caught" : "tamper-uncaught")
                ).Status.ShouldBe(i % 2 == 0 ? "Completed" : "Faulted")
            );
        await Task.WhenAll(tampering.Append(server.BenignJavaScriptRunsShouldBeExactAsync(24)));
        await server.ShouldStillServeJavaScriptAsync();
    }

    [Fact]
    public async Task The_last_match_of_one_flow_is_not_visible_to_another()
    {
        await server.Client.PublishJavaScriptAsync(
            "matches-a-secret",
            "/(secret)/.exec('the secret word')[1]"
        );
        await server.Client.PublishJavaScriptAsync(
            "reads-legacy-statics",
            "[typeof RegExp.$1, typeof RegExp.lastMatch, typeof RegExp.input, typeof RegExp['$&']]"
        );

        await Repeated.RunAsync(
            12,
            4,
            async i =>
            {
                if (i % 2 == 0)
                {
                    (await server.Client.RunAsync("matches-a-secret"))
                        .Output!.GetValue<string>()
                        .ShouldBe("secret");
                    return;
                }
                var read = await server.Client.RunAsync("reads-legacy-statics");
                read.Output!.ToJsonString()
                    .ShouldBe(
                        """["undefined","undefined","undefined","undefined"]""",
                        read.ToString()
                    );
            }
        );
        await server.ShouldStillServeJavaScriptAsync();
    }

    [Fact]
    public async Task Endless_promise_jobs_fail_their_own_run_and_never_reach_later_runs()
    {
        await server.Client.PublishJavaScriptAsync(
            "endless-jobs",
            "(function loop() { Promise.resolve().then(loop); })();\n1"
        );

        var run = await server.Client.RunAsync("endless-jobs");

        output.WriteLine($"endless-jobs: {run}");
        run.ShouldFaultWith(Causes.TimeLimit, Causes.Statements, Causes.MemoryBudget);
        await server.ShouldStillServeJavaScriptAsync();
    }

    [Fact]
    public async Task Eighty_runs_that_fill_the_symbol_registry_leave_server_memory_flat()
    {
        await server.Client.PublishJavaScriptAsync(
            "symbol-registry",
            "for (let i = 0; i < 20000; i++) Symbol.for('k' + i);\nSymbol.keyFor(Symbol.for('k19999'))"
        );
        await server.Client.RunAsync("symbol-registry");
        var before = server.ResidentBytes();
        var timedOut = 0;

        await Repeated.RunAsync(
            80,
            2,
            async _ =>
            {
                var run = await server.Client.RunAsync("symbol-registry");
                // On a loaded machine a run may reach the time limit part-way: its keys are registered all the same.
                if (run.Status == "Faulted")
                {
                    run.ShouldFaultWith(Causes.TimeLimit);
                    Interlocked.Increment(ref timedOut);
                }
                else
                    run.Output!.GetValue<string>().ShouldBe("k19999");
            }
        );

        var after = server.ResidentBytes();
        output.WriteLine(
            $"server RSS before 80 runs of 20,000 Symbol.for keys: {before / Megabyte} MB, after: {after / Megabyte} MB ({timedOut} runs reached the time limit)"
        );
        after.ShouldBeLessThan(before + 200 * Megabyte);
        await server.ShouldStillServeJavaScriptAsync();
    }
}
