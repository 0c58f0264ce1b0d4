using System.Text.Json.Nodes;
using Jint.Native;
using Makini.Flows.Engine.Expressions.JavaScript;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Tests.Support;

namespace Makini.Flows.Engine.Tests.JavaScript;

/// <summary>
/// Runs of different flows share pooled engines: nothing one run does shows in, slows or changes the next.
/// Each test runs one flow's script, then another flow's, on the same engine.
/// </summary>
public sealed class RunIsolationTests
{
    private readonly FlowEngine _engine = new();

    private Task<RunState> RunAsync(string script, JsonNode? input = null) =>
        _engine.RunScriptAsync(script, input);

    private async Task NextRunIsExactAsync()
    {
        var run = await RunAsync(
            "const seen = []; for (const x of input.items) seen.push(x); for (const [k, v] of new Map([['k', 'v']])) seen.push(k + v); for (const c of 'ab') seen.push(c); for (const m of 'a1b2'.matchAll(/\\d/g)) seen.push(m[0]); seen",
            JsonNode.Parse("""{ "items": [1, 2] }""")
        );
        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        run.Output!.ToJsonString().ShouldBe("""[1,2,"kv","a","b","1","2"]""");
    }

    [Theory]
    [InlineData("Object.getPrototypeOf([][Symbol.iterator]())")]
    [InlineData("Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()))")]
    [InlineData("Object.getPrototypeOf(new Map()[Symbol.iterator]())")]
    [InlineData("Object.getPrototypeOf(''[Symbol.iterator]())")]
    [InlineData("Object.getPrototypeOf('a'.matchAll(/a/g))")]
    public async Task Replacing_an_iterators_next_is_refused_and_the_next_run_iterates_exactly(
        string iteratorPrototype
    )
    {
        var run = await RunAsync(
            $"const p = {iteratorPrototype}; let outcome = 'replaced'; try {{ p.next = function () {{ return {{ done: true }}; }}; }} catch (e) {{ outcome = e instanceof TypeError ? 'refused' : String(e); }} outcome"
        );

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        run.Output!.GetValue<string>().ShouldBe("refused");
        await NextRunIsExactAsync();
    }

    [Fact]
    public async Task The_last_match_of_a_run_is_not_visible_to_the_next_run()
    {
        var first = await RunAsync("/(secret)/.exec('the secret word') !== null");
        first.Output!.GetValue<bool>().ShouldBeTrue();

        var next = await RunAsync(
            "[typeof RegExp.$1, typeof RegExp.lastMatch, typeof RegExp.input]"
        );

        next.Output!.ToJsonString().ShouldBe("""["undefined","undefined","undefined"]""");
    }

    [Fact]
    public async Task Endless_promise_jobs_fail_their_own_run_and_never_reach_the_next()
    {
        var run = await RunAsync("(function loop() { Promise.resolve().then(loop); })(); 'queued'");

        run.Status.ShouldBe(RunStatus.Faulted);
        run.Error!.Message.ShouldMatch("memory|statements|longer than its limit");
        await NextRunIsExactAsync();
    }

    [Fact]
    public async Task Promise_jobs_run_before_the_scripts_value_is_read()
    {
        var run = await RunAsync(
            "const log = ['script']; Promise.resolve().then(() => log.push('job')); log"
        );

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        run.Output!.ToJsonString().ShouldBe("""["script","job"]""");
        await NextRunIsExactAsync();
    }

    [Theory]
    [InlineData("new Promise(() => {}); 'pending'")]
    [InlineData("(async () => { await new Promise(() => {}); })(); 'pending'")]
    public async Task A_promise_that_never_settles_leaves_nothing_behind(string script)
    {
        var run = await RunAsync(script);

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        run.Output!.GetValue<string>().ShouldBe("pending");
        await NextRunIsExactAsync();
    }
}

/// <summary>Which engines the pool hands out again.</summary>
public sealed class EngineRecyclingTests
{
    private static void Run(SandboxedEngine engine, string script) =>
        engine.Call(
            JavaScriptExpression.Compile(script),
            [.. Enumerable.Repeat(JsValue.Undefined, 5)],
            TestContext.Current.CancellationToken
        );

    private static SandboxedEngine RentRunReturn(SandboxedEnginePool pool, string script)
    {
        var engine = pool.Rent();
        Run(engine, script);
        pool.Return(engine);
        return engine;
    }

    [Fact]
    public void An_engine_is_reused_by_the_next_run()
    {
        var pool = new SandboxedEnginePool(new ScriptLimits());

        var first = RentRunReturn(pool, "1 + 1");

        pool.Rent().ShouldBeSameAs(first);
    }

    [Fact]
    public void An_engine_whose_symbol_registry_was_used_is_not_reused()
    {
        var pool = new SandboxedEnginePool(new ScriptLimits());

        var first = RentRunReturn(pool, "Symbol.keyFor(Symbol.for('k'.repeat(1000)))");

        pool.Rent().ShouldNotBeSameAs(first);
    }

    [Fact]
    public void An_engine_is_replaced_after_its_number_of_runs()
    {
        var pool = new SandboxedEnginePool(new ScriptLimits { MaxRunsPerEngine = 2 });

        var first = RentRunReturn(pool, "1");
        RentRunReturn(pool, "2").ShouldBeSameAs(first);

        pool.Rent().ShouldNotBeSameAs(first);
    }
}
