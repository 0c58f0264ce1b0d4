using System.Text.Json.Nodes;
using Makini.Flows.Engine.Expressions.JavaScript;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Tests.Support;
using Makini.Flows.Engine.Values;

namespace Makini.Flows.Engine.Tests.Runtime;

/// <summary>
/// One test per row of the rules table in docs/semantics.md, in the same order. Each test runs a flow
/// from the Scenarios folder (file name = flow id).
/// </summary>
public sealed class SemanticsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // 1
    [Fact]
    public async Task Start_runs_first_and_input_is_visible_to_scripts()
    {
        // The Start activity is listed last in the file; the run still begins there.
        var run = await TestFlows.RunScenarioAsync("start-and-input", """{"name": "Ada"}""");

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        TestFlows.Path(run).ShouldBe(["start", "greet", "finish"]);
        run.Journal[0].ActivityType.ShouldBe("Start");
        Text(run.Variables["greeting"]).ShouldBe("hello Ada");
        Text(run.Output!["greeting"]).ShouldBe("hello Ada");
    }

    // 2
    [Fact]
    public async Task A_port_with_several_connections_starts_every_target_in_order()
    {
        var run = await TestFlows.RunScenarioAsync("several-connections");

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        // Connections are listed b, a, c: that is the order, not the order of the activities.
        TestFlows.Path(run).ShouldBe(["start", "b", "a", "c"]);
        Text(run.Variables["trail"]).ShouldBe("bac");
    }

    // 3
    [Fact]
    public async Task A_port_without_connections_ends_that_path()
    {
        var run = await TestFlows.RunScenarioAsync("port-without-connection");

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        run.Journal.Single(j => j.ActivityId == "check").Outcomes.ShouldBe(["False"]);
        TestFlows.Path(run).ShouldBe(["start", "check", "other", "after"]);
        TestFlows.Executions(run, "never").ShouldBe(0);
    }

    // 4
    [Fact]
    public async Task An_activity_with_two_incoming_paths_runs_once_per_arrival()
    {
        var run = await TestFlows.RunScenarioAsync("two-incoming-paths");

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        // merge runs as soon as the short branch arrives, before the long branch has finished.
        TestFlows
            .Path(run)
            .ShouldBe([
                "start",
                "fork",
                "short",
                "long1",
                "merge",
                "long2",
                "after",
                "merge",
                "after",
            ]);
        Number(run.Variables["arrivals"]).ShouldBe(2);
    }

    // 5
    [Theory]
    [InlineData("""{"v": 0}""", "False")]
    [InlineData("""{"v": ""}""", "False")]
    [InlineData("""{"v": null}""", "False")]
    [InlineData("""{"v": false}""", "False")]
    [InlineData("""{}""", "False")]
    [InlineData("""{"v": 1}""", "True")]
    [InlineData("""{"v": -0.5}""", "True")]
    [InlineData("""{"v": "0"}""", "True")]
    [InlineData("""{"v": "false"}""", "True")]
    [InlineData("""{"v": []}""", "True")]
    [InlineData("""{"v": {}}""", "True")]
    public async Task If_follows_javascript_truthiness(string input, string branch)
    {
        var run = await TestFlows.RunScenarioAsync("if-truthiness", input);

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        Text(run.Output!["branch"]).ShouldBe(branch);
        TestFlows.Path(run).ShouldBe(["start", "check", branch == "True" ? "yes" : "no", "finish"]);
    }

    // 6
    [Theory]
    [InlineData("""{"v": 1}""", "1", "one")]
    [InlineData("""{"v": "1"}""", "1", "one")]
    [InlineData("""{"v": 2}""", "2", "two")]
    [InlineData("""{"v": "two"}""", "two", "word")]
    [InlineData("""{"v": "Two"}""", "Default", "other")]
    [InlineData("""{"v": 1.5}""", "Default", "other")]
    [InlineData("""{"v": null}""", "Default", "other")]
    public async Task Switch_takes_the_first_matching_case_or_default(
        string input,
        string port,
        string activity
    )
    {
        var run = await TestFlows.RunScenarioAsync("switch-cases", input);

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        run.Journal.Single(j => j.ActivityId == "route").Outcomes.ShouldBe([port]);
        TestFlows.Path(run).ShouldBe(["start", "route", activity, "finish"]);
        Text(run.Output!["taken"]).ShouldBe(port);
    }

    // 7
    [Fact]
    public async Task Fork_starts_every_branch_and_branches_interleave()
    {
        var run = await TestFlows.RunScenarioAsync("fork-interleave");

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        run.Journal.Single(j => j.ActivityId == "fork").Outcomes.ShouldBe(["A", "B", "C"]);
        // Breadth-first: one step of each branch in turn, not one branch to its end.
        TestFlows.Path(run).ShouldBe(["start", "fork", "a1", "b1", "c1", "a2", "b2", "a3"]);
    }

    // 8
    [Fact]
    public async Task Join_wait_all_fires_when_every_branch_has_arrived()
    {
        // a1 runs twice (ports A and A2) and delivers two tokens on its connection to the join before
        // b2 (also run twice) delivers any: the join waits for b2, fires, and the second a1 token waits
        // for the second b2 token (the next round) instead of being lost or firing alone.
        var run = await TestFlows.RunScenarioAsync("join-wait-all");

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        TestFlows
            .Path(run)
            .ShouldBe([
                "start",
                "fork",
                "a1",
                "a1",
                "b1",
                "b1",
                "b2",
                "b2",
                "join",
                "join",
                "after",
                "after",
            ]);
        run.Joins.ShouldBeEmpty();
    }

    // 9
    [Fact]
    public async Task Join_wait_all_fires_with_the_branches_that_ran_when_nothing_else_can_arrive()
    {
        var run = await TestFlows.RunScenarioAsync("join-wait-all-unreachable-branch");

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        TestFlows.Path(run).ShouldBe(["start", "fork", "a1", "gate", "join", "after"]);
        TestFlows.Executions(run, "b1").ShouldBe(0);
        run.Joins.ShouldBeEmpty();
    }

    // 10
    [Fact]
    public async Task Join_wait_all_waits_for_a_suspended_branch()
    {
        var (engine, plan) = Prepare("join-wait-all-suspended-branch");

        var run = await engine.StartAsync(plan, null, Ct);

        run.Status.ShouldBe(RunStatus.Suspended, run.Error?.Message);
        TestFlows.Path(run).ShouldBe(["start", "fork", "a1", "wait"]);
        var bookmark = run.Bookmarks.ShouldHaveSingleItem();
        bookmark.ActivityId.ShouldBe("wait");
        TestFlows.Executions(run, "join").ShouldBe(0);

        run = await engine.ResumeAsync(plan, run, bookmark.Id, cancellationToken: Ct);

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        TestFlows
            .Path(run)
            .ShouldBe(["start", "fork", "a1", "wait", "wait", "b1", "join", "after"]);
        run.Bookmarks.ShouldBeEmpty();
    }

    // 11
    [Fact]
    public async Task Join_wait_any_continues_on_the_first_branch_and_stops_the_others()
    {
        // When a1 reaches the join: b2 is queued, "wait" holds a bookmark and "loop" is in its first
        // item; all three can still reach the join and are stopped. c2 cannot reach it and goes on.
        var run = await TestFlows.RunScenarioAsync("join-wait-any");

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        TestFlows
            .Path(run)
            .ShouldBe([
                "start",
                "fork",
                "a1",
                "b1",
                "c1",
                "wait",
                "loop",
                "join",
                "c2",
                "after",
                "c3",
            ]);
        foreach (var stopped in new[] { "b2", "b3", "d1", "e1" })
            TestFlows.Executions(run, stopped).ShouldBe(0, stopped);
        run.Bookmarks.ShouldBeEmpty();
        run.Scopes.ShouldBeEmpty();
        run.Joins.ShouldBeEmpty();
    }

    // 12
    [Fact]
    public async Task ForEach_runs_the_body_per_item_then_done_once()
    {
        var run = await TestFlows.RunScenarioAsync("for-each", """{"items": ["a", "b", "c"]}""");

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        // Each item runs its whole body (collect, then step) before the next item starts.
        TestFlows
            .Path(run)
            .ShouldBe([
                "start",
                "loop",
                "collect",
                "step",
                "collect",
                "step",
                "collect",
                "step",
                "finish",
            ]);
        run.Journal.Where(j => j.ActivityId == "step")
            .Select(j => j.Iteration)
            .ShouldBe(["0", "1", "2"]);
        Text(run.Output!["seen"]).ShouldBe("a0;b1;c2;");
        Number(run.Output!["count"]).ShouldBe(3);

        var empty = await TestFlows.RunScenarioAsync("for-each", """{"items": []}""");

        empty.Status.ShouldBe(RunStatus.Completed, empty.Error?.Message);
        TestFlows.Path(empty).ShouldBe(["start", "loop", "finish"]);
        Text(empty.Output!["seen"]).ShouldBe("");
        Number(empty.Output!["count"]).ShouldBe(0);
    }

    // 13
    [Fact]
    public async Task Join_inside_a_loop_fires_once_per_iteration()
    {
        // For item y the If skips branch B, so only A arrives in that iteration: the join still fires
        // once for y (its iteration ran out of work) and A's arrival is not carried over to z.
        var run = await TestFlows.RunScenarioAsync("join-in-loop");

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        string[] full = ["fork", "a1", "gate", "b1", "b2", "join", "count"];
        string[] skipped = ["fork", "a1", "gate", "join", "count"];
        TestFlows.Path(run).ShouldBe(["start", "loop", .. full, .. skipped, .. full, "done"]);
        run.Journal.Where(j => j.ActivityId == "join")
            .Select(j => j.Iteration)
            .ShouldBe(["0", "1", "2"]);
        Text(run.Variables["joined"]).ShouldBe("xyz");
        run.Joins.ShouldBeEmpty();
    }

    // 14
    [Fact]
    public async Task Nested_loops_see_the_innermost_item()
    {
        var run = await TestFlows.RunScenarioAsync("nested-loops");

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        TestFlows
            .Path(run)
            .ShouldBe([
                "start",
                "outer",
                "inner",
                "record",
                "record",
                "close",
                "inner",
                "record",
                "record",
                "close",
                "finish",
            ]);
        // record sees the inner item and index; close (after the inner loop) sees the outer ones again.
        Text(run.Output!["seen"]).ShouldBe("a0;b1;|20;c0;d1;|21;");
        run.Journal.Where(j => j.ActivityId == "record")
            .Select(j => j.Iteration)
            .ShouldBe(["0/0", "0/1", "1/0", "1/1"]);
        run.Journal.Where(j => j.ActivityId == "close")
            .Select(j => j.Iteration)
            .ShouldBe(["0", "1"]);
        run.Journal.Single(j => j.ActivityId == "finish").Iteration.ShouldBeNull();
    }

    // 15
    [Fact]
    public async Task Delay_suspends_its_branch_and_resume_continues_after_it()
    {
        var (engine, plan) = Prepare("delay-resume");
        var before = DateTimeOffset.UtcNow;

        var run = await engine.StartAsync(plan, null, Ct);

        var after = DateTimeOffset.UtcNow;
        run.Status.ShouldBe(RunStatus.Suspended, run.Error?.Message);
        // Branch B went on while A waited.
        TestFlows.Path(run).ShouldBe(["start", "fork", "wait", "b1", "b2"]);
        var bookmark = run.Bookmarks.ShouldHaveSingleItem();
        bookmark.ActivityId.ShouldBe("wait");
        bookmark.Kind.ShouldBe("Delay");
        bookmark.ResumeAt.ShouldNotBeNull();
        bookmark.ResumeAt.Value.ShouldBeInRange(before.AddSeconds(30), after.AddSeconds(30));
        run.FinishedAt.ShouldBeNull();

        run = await engine.ResumeAsync(plan, run, bookmark.Id, cancellationToken: Ct);

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        TestFlows.Path(run).ShouldBe(["start", "fork", "wait", "b1", "b2", "wait", "afterWait"]);
        run.Bookmarks.ShouldBeEmpty();
    }

    // 16
    [Fact]
    public async Task Finish_completes_the_run_at_once_and_drops_pending_work()
    {
        var (engine, plan) = Prepare("finish-drops-pending-work");

        var run = await engine.StartAsync(plan, null, Ct);

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        Text(run.Output!["result"]).ShouldBe("early");
        TestFlows
            .Path(run)
            .ShouldBe(["start", "fork", "wait", "loop", "b1", "a1", "body", "b2", "finish"]);
        // The Delay's bookmark, the loop's remaining items and b3 are gone.
        run.Bookmarks.ShouldBeEmpty();
        run.Scopes.ShouldBeEmpty();
        run.Queue.ShouldBeEmpty();
        foreach (var dropped in new[] { "afterWait", "b3" })
            TestFlows.Executions(run, dropped).ShouldBe(0, dropped);
        TestFlows.Executions(run, "body").ShouldBe(1);
        run.FinishedAt.ShouldNotBeNull();
    }

    // 17
    [Fact]
    public async Task A_run_without_finish_completes_when_no_work_is_left()
    {
        var run = await TestFlows.RunScenarioAsync("complete-without-finish");

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        run.Output.ShouldBeNull();
        TestFlows.Path(run).ShouldBe(["start", "first", "second"]);
        Number(run.Variables["steps"]).ShouldBe(2);
        run.FinishedAt.ShouldNotBeNull();
    }

    // 18
    [Fact]
    public async Task A_failing_activity_faults_the_run_and_retry_resumes_from_it()
    {
        var (engine, plan) = Prepare("fail-and-retry");

        var run = await engine.StartAsync(plan, null, Ct);

        run.Status.ShouldBe(RunStatus.Faulted);
        run.Error.ShouldNotBeNull();
        run.Error.Message.ShouldBe("boom after 1 attempt(s)");
        run.Error.ActivityId.ShouldBe("stop");
        run.Error.ActivityType.ShouldBe("Fail");
        // b1 was queued behind the failing activity and never runs.
        TestFlows.Path(run).ShouldBe(["start", "count", "fork", "stop"]);
        run.Journal[^1].Error.ShouldBe("boom after 1 attempt(s)");

        run = await engine.RetryAsync(plan, run, Ct);

        // Retry runs "stop" again with the state of the failure (attempts is still 1): it does not start
        // over from Start, and the failure, being deterministic, repeats.
        run.Status.ShouldBe(RunStatus.Faulted);
        run.Error!.Message.ShouldBe("boom after 1 attempt(s)");
        run.Error.ActivityId.ShouldBe("stop");
        TestFlows.Path(run).ShouldBe(["start", "count", "fork", "stop", "stop"]);
        Number(run.Variables["attempts"]).ShouldBe(1);
        TestFlows.Executions(run, "b1").ShouldBe(0);
    }

    // 19
    [Fact]
    public async Task A_script_error_faults_the_run_with_its_location()
    {
        var run = await TestFlows.RunScenarioAsync("script-error", """{"mode": "type-error"}""");

        run.Status.ShouldBe(RunStatus.Faulted);
        run.Error.ShouldNotBeNull();
        run.Error.ActivityId.ShouldBe("bad");
        // Line 2 of the script: const total = order.lines.length; (order is undefined)
        run.Error.Message.ShouldStartWith("JavaScript error: TypeError: ");
        run.Error.Message.ShouldContain("lines");
        run.Error.Message.ShouldEndWith("(line 2, column 21)"); // at "lines"
        TestFlows.Path(run).ShouldBe(["start", "route", "bad"]);

        var options = new FlowEngineOptions
        {
            ScriptLimits = new ScriptLimits { MaxStatements = 1_000 },
        };
        var spin = await TestFlows.RunScenarioAsync(
            "script-error",
            """{"mode": "endless"}""",
            options
        );

        spin.Status.ShouldBe(RunStatus.Faulted);
        spin.Error!.ActivityId.ShouldBe("spin");
        spin.Error.Message.ShouldBe("script ran more than 1,000 statements");
        TestFlows.Path(spin).ShouldBe(["start", "route", "spin"]);
    }

    // 20
    [Fact]
    public async Task Cancelling_a_suspended_run_drops_its_bookmarks()
    {
        var (engine, plan) = Prepare("cancel-suspended");
        var run = await engine.StartAsync(plan, null, Ct);
        run.Status.ShouldBe(RunStatus.Suspended, run.Error?.Message);
        TestFlows.Path(run).ShouldBe(["start", "fork", "wait", "b1", "c1", "b2"]);
        var bookmark = run.Bookmarks.ShouldHaveSingleItem();

        run = engine.Cancel(run);

        run.Status.ShouldBe(RunStatus.Cancelled);
        run.Bookmarks.ShouldBeEmpty();
        run.FinishedAt.ShouldNotBeNull();
        await Should.ThrowAsync<InvalidOperationException>(() =>
            engine.ResumeAsync(plan, run, bookmark.Id, cancellationToken: Ct)
        );
        TestFlows.Executions(run, "afterWait").ShouldBe(0);

        // Cancelling through the token while the run executes: when b1 runs, "wait" holds a bookmark
        // and c1 and b2 are queued. c1 is where the run notices; b2 is dropped with the bookmark.
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var cancelling = new FlowEngine(
            options: new FlowEngineOptions
            {
                Log = (_, activity, _, _) =>
                {
                    if (activity == "b1")
                        cancellation.Cancel();
                },
            }
        );
        var cancelledPlan = cancelling.Prepare(TestFlows.LoadScenario("cancel-suspended"));

        var cancelled = await cancelling.StartAsync(cancelledPlan, null, cancellation.Token);

        cancelled.Status.ShouldBe(RunStatus.Cancelled);
        TestFlows.Path(cancelled).ShouldBe(["start", "fork", "wait", "b1"]);
        cancelled.Bookmarks.ShouldBeEmpty();
        cancelled.Queue.ShouldBeEmpty();
        cancelled.FinishedAt.ShouldNotBeNull();
    }

    // 21
    [Fact]
    public async Task RunFlow_returns_the_sub_flow_output_and_waits_across_suspension()
    {
        var (engine, plan) = Prepare("run-flow-parent");

        var quick = await engine.StartAsync(plan, JsonNode.Parse("""{"n": 21, "wait": 0}"""), Ct);

        quick.Status.ShouldBe(RunStatus.Completed, quick.Error?.Message);
        Number(quick.Output!["doubled"]).ShouldBe(42);
        TestFlows.Path(quick).ShouldBe(["start", "call", "finish"]);

        var failed = await engine.StartAsync(plan, JsonNode.Parse("""{"n": -1, "wait": 0}"""), Ct);

        failed.Status.ShouldBe(RunStatus.Faulted);
        failed.Error!.ActivityId.ShouldBe("call");
        failed.Error.Message.ShouldContain("n must not be negative");
        TestFlows.Path(failed).ShouldBe(["start", "call"]);

        var slow = await engine.StartAsync(plan, JsonNode.Parse("""{"n": 5, "wait": 60}"""), Ct);

        slow.Status.ShouldBe(RunStatus.Suspended, slow.Error?.Message);
        var waiting = slow.Bookmarks.ShouldHaveSingleItem();
        waiting.ActivityId.ShouldBe("call");
        waiting.Kind.ShouldBe("RunFlow");
        waiting.ChildRun.ShouldNotBeNull();
        waiting.ChildRun.FlowId.ShouldBe("run-flow-child");
        waiting.ChildRun.Status.ShouldBe(RunStatus.Suspended);
        var delay = slow.AllBookmarks().Single(b => b.Kind == "Delay");
        delay.ActivityId.ShouldBe("wait");

        slow = await engine.ResumeAsync(plan, slow, delay.Id, cancellationToken: Ct);

        slow.Status.ShouldBe(RunStatus.Completed, slow.Error?.Message);
        Number(slow.Output!["doubled"]).ShouldBe(10);
        TestFlows.Path(slow).ShouldBe(["start", "call", "call", "finish"]);
        slow.Bookmarks.ShouldBeEmpty();
    }

    // 22
    [Fact]
    public async Task A_suspended_run_resumes_on_a_fresh_engine_from_json()
    {
        var input = """{"items": [1, 2]}""";
        var (engine, plan) = Prepare("resume-from-json");

        var straight = await engine.StartAsync(plan, JsonNode.Parse(input), Ct);
        while (straight.Status == RunStatus.Suspended)
            straight = await engine.ResumeAsync(
                plan,
                straight,
                straight.Bookmarks.Single().Id,
                cancellationToken: Ct
            );

        var (firstEngine, firstPlan) = Prepare("resume-from-json");
        var run = await firstEngine.StartAsync(firstPlan, JsonNode.Parse(input), Ct);
        var stops = 0;
        while (run.Status == RunStatus.Suspended)
        {
            stops++;
            var json = RunStateJson.Serialize(run);
            var (fresh, freshPlan) = Prepare("resume-from-json");
            var restored = RunStateJson.Deserialize(json);
            run = await fresh.ResumeAsync(
                freshPlan,
                restored,
                restored.Bookmarks.Single().Id,
                cancellationToken: Ct
            );
        }

        stops.ShouldBe(2); // once in each iteration
        straight.Status.ShouldBe(RunStatus.Completed, straight.Error?.Message);
        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        run.Output!.ToJsonString().ShouldBe("""{"total":3,"trail":"d1w1d2w2"}""");
        run.Output.ToJsonString().ShouldBe(straight.Output!.ToJsonString());
        TestFlows.Path(run).ShouldBe(TestFlows.Path(straight));
        run.Journal.Select(j => j.Iteration).ShouldBe(straight.Journal.Select(j => j.Iteration));
        new JsonObject(run.Variables.Select(v => KeyValuePair.Create(v.Key, v.Value?.DeepClone())))
            .ToJsonString()
            .ShouldBe(
                new JsonObject(
                    straight.Variables.Select(v => KeyValuePair.Create(v.Key, v.Value?.DeepClone()))
                ).ToJsonString()
            );
    }

    // 23
    [Fact]
    public async Task A_cycle_loops_until_its_exit_and_a_runaway_cycle_faults()
    {
        var run = await TestFlows.RunScenarioAsync("cycle-counter", """{"until": 3}""");

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        Number(run.Output!["n"]).ShouldBe(3);
        TestFlows
            .Path(run)
            .ShouldBe(["start", "check", "inc", "check", "inc", "check", "inc", "check", "finish"]);

        var runaway = await TestFlows.RunScenarioAsync(
            "endless-cycle",
            options: new FlowEngineOptions { MaxActivityExecutions = 50 }
        );

        runaway.Status.ShouldBe(RunStatus.Faulted);
        runaway.Error!.ActivityId.ShouldBe("spin");
        runaway.Error.Message.ShouldContain("more than 50 activity executions");
        // start plus 49 executions of spin fit in the limit; the 51st execution faults.
        Number(runaway.Variables["n"]).ShouldBe(49);
        runaway.Journal.Count.ShouldBe(51);
    }

    // 24
    [Fact]
    public async Task SetVariable_checks_the_declared_type()
    {
        var run = await TestFlows.RunScenarioAsync("set-variable-types", """{"count": 3}""");

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        // describe, the very next script, already sees the new value.
        Text(run.Output!["label"]).ShouldBe("count is 3");

        var text = await TestFlows.RunScenarioAsync("set-variable-types", """{"count": "three"}""");

        text.Status.ShouldBe(RunStatus.Faulted);
        text.Error!.ActivityId.ShouldBe("setCount");
        text.Error.Message.ShouldBe("variable 'count' is integer, but the value is string");
        Number(text.Variables["count"]).ShouldBe(0);
        TestFlows.Path(text).ShouldBe(["start", "setCount"]);

        var fraction = await TestFlows.RunScenarioAsync("set-variable-types", """{"count": 2.5}""");

        fraction.Status.ShouldBe(RunStatus.Faulted);
        fraction.Error!.Message.ShouldBe("variable 'count' is integer, but the value is number");
    }

    // 25
    [Theory]
    [InlineData(
        "input",
        "changeInput",
        "TypeError: Cannot assign to read only property 'a' of Object (line 1, column 1)"
    )]
    [InlineData(
        "input-nested",
        "changeInputNested",
        "TypeError: Cannot assign to read only property 'b' of Object (line 1, column 1)"
    )]
    [InlineData(
        "vars",
        "changeVars",
        "TypeError: Cannot assign to read only property 'x' of Object (line 1, column 1)"
    )]
    [InlineData(
        "vars-new",
        "addVar",
        "TypeError: Cannot assign to read only property 'extra' of Object (line 1, column 1)"
    )]
    [InlineData(
        "outputs",
        "changeOutputs",
        "TypeError: Cannot assign to read only property 'count' of Object (line 1, column 1)"
    )]
    [InlineData(
        "outputs-new",
        "addOutputs",
        "TypeError: Cannot assign to read only property 'fake' of Object (line 1, column 1)"
    )]
    [InlineData(
        "item",
        "changeItem",
        "TypeError: Cannot assign to read only property 'a' of Object (line 1, column 1)"
    )]
    public async Task Scripts_cannot_modify_input_or_variables(
        string mode,
        string activity,
        string error
    )
    {
        // input.mode picks one script that tries to change a value ("<change>;\n0"); it is followed
        // by check, which reads everything back. Each attempt must fail before check can run.
        var run = await TestFlows.RunScenarioAsync(
            "read-only-script-values",
            $$$"""{"mode": "{{{mode}}}", "a": 0, "nested": {"b": 0}}"""
        );

        run.Status.ShouldBe(
            RunStatus.Faulted,
            $"the script changed a value; check then read {run.Variables.GetValueOrDefault("seen")?.ToJsonString()}"
        );
        run.Error!.ActivityId.ShouldBe(activity);
        run.Error.Message.ShouldBe($"JavaScript error: {error}");
        TestFlows.Path(run).ShouldBe(["start", "loop", "route", activity]);
        Number(run.Variables["x"]).ShouldBe(0);
        TestFlows.Executions(run, "check").ShouldBe(0);
    }

    // 25, second half: scripts get their values as parameters, so rebinding a name is local to that script.
    [Theory]
    [InlineData("input-global")]
    [InlineData("input-shadow")]
    public async Task Rebinding_a_name_inside_a_script_changes_nothing_for_later_scripts(
        string mode
    )
    {
        var run = await TestFlows.RunScenarioAsync(
            "read-only-script-values",
            $$$"""{"mode": "{{{mode}}}", "a": 0, "nested": {"b": 0}}"""
        );

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        TestFlows.Executions(run, "check").ShouldBe(1);
        var seen = run.Variables["seen"].ShouldNotBeNull();
        Number(seen["a"]).ShouldBe(0);
        Number(seen["b"]).ShouldBe(0);
    }

    private static (FlowEngine Engine, FlowPlan Plan) Prepare(string scenario)
    {
        var engine = new FlowEngine(
            options: new FlowEngineOptions
            {
                Flows = new DirectoryFlowProvider(
                    Path.Combine(AppContext.BaseDirectory, "Scenarios")
                ),
            }
        );
        return (engine, engine.Prepare(TestFlows.LoadScenario(scenario)));
    }

    private static string Text(JsonNode? value) => value.ShouldNotBeNull().GetValue<string>();

    private static double Number(JsonNode? value) => Numbers.GetDouble(value.ShouldNotBeNull());
}
