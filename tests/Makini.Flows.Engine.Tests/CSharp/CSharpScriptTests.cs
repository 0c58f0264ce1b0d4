using System.Text.Json.Nodes;
using Makini.Flows.Engine.Expressions.CSharp;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Tests.Support;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Engine.Tests.CSharp;

/// <summary>C# scripts: their value, their surface, their errors and their limits.</summary>
public sealed class CSharpScriptTests
{
    private readonly FlowEngine _engine = new();

    private async Task<RunState> RunAsync(string script, string input = "{}") =>
        await _engine.StartAsync(
            _engine.Prepare(FlowBuilder.EvaluateCSharp(script)),
            JsonNode.Parse(input),
            TestContext.Current.CancellationToken
        );

    private async Task<JsonNode?> ValueOfAsync(string script, string input = "{}")
    {
        var run = await RunAsync(script, input);
        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        return run.Output;
    }

    [Fact]
    public async Task The_value_of_a_script_is_its_last_expression()
    {
        var value = await ValueOfAsync(
            "var lines = input![\"lines\"]!.AsArray();\nvar total = lines.Sum(l => (double)l![\"qty\"]!);\ntotal * 2",
            """{"lines": [{"qty": 2}, {"qty": 3}]}"""
        );

        value!.GetValue<double>().ShouldBe(10);
    }

    [Fact]
    public async Task Scripts_build_json_objects_and_anonymous_objects()
    {
        var built = await ValueOfAsync(
            "new JsonObject { [\"key\"] = (string)input![\"id\"]!, [\"open\"] = true }",
            """{"id": "WO-1"}"""
        );
        var anonymous = await ValueOfAsync(
            "new { key = (string)input![\"id\"]!, tags = new[] { \"a\", \"b\" } }",
            """{"id": "WO-1"}"""
        );

        JsonNode
            .DeepEquals(built, JsonNode.Parse("""{"key": "WO-1", "open": true}"""))
            .ShouldBeTrue(built?.ToJsonString());
        JsonNode
            .DeepEquals(anonymous, JsonNode.Parse("""{"key": "WO-1", "tags": ["a", "b"]}"""))
            .ShouldBeTrue(anonymous?.ToJsonString());
    }

    [Fact]
    public async Task A_script_that_changes_its_input_changes_nothing_outside_its_copy()
    {
        var run = await RunAsync("input![\"a\"] = 5;\n(int)input[\"a\"]!", """{"a": 1}""");

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        run.Input!["a"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public void A_compile_error_is_reported_with_its_position_in_the_script()
    {
        var result = _engine.Validator.Validate(
            FlowBuilder.EvaluateCSharp("var a = 1;\nvar b = a +;\nb")
        );

        var problem = result.Errors.ShouldHaveSingleItem();
        problem.Code.ShouldBe(ProblemCodes.ScriptSyntax);
        problem.Pointer.ShouldBe("/activities/1/inputs/value/cs");
        problem.Line.ShouldBe(2);
        problem.Column.ShouldBe(12);
    }

    [Fact]
    public void Code_that_escapes_the_script_body_is_refused()
    {
        var result = _engine.Validator.Validate(
            FlowBuilder.EvaluateCSharp(
                "1; } } public static class Escaped { static void M() { System.IO.File.Delete(\"x\"); } } class Z { void N() { {"
            )
        );

        result.HasErrors.ShouldBeTrue();
    }

    [Fact]
    public async Task A_runtime_error_names_the_exception()
    {
        var run = await RunAsync(
            "var a = 1;\nvar lines = input![\"missing\"]!.AsArray();\nlines.Count + a"
        );

        run.Status.ShouldBe(RunStatus.Faulted);
        run.Error!.Message.ShouldStartWith("C# error: NullReferenceException");
        run.Error.ActivityId.ShouldBe("evaluate");
    }

    [Fact]
    public async Task An_endless_loop_is_stopped_and_the_next_run_works()
    {
        var engine = new FlowEngine(
            options: new FlowEngineOptions
            {
                CSharpLimits = new() { Timeout = TimeSpan.FromMilliseconds(300) },
            }
        );
        var run = await engine.StartAsync(
            engine.Prepare(FlowBuilder.EvaluateCSharp("while (true) { }\n1")),
            null,
            TestContext.Current.CancellationToken
        );

        run.Status.ShouldBe(RunStatus.Faulted);
        run.Error!.Message.ShouldBe("script ran longer than its limit of 0.3 s");
        (await ValueOfAsync("1 + 1"))!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task An_endless_loop_stops_within_the_default_limit()
    {
        var run = await RunAsync("var n = 0;\nfor (;;) { n++; }\nn");

        run.Status.ShouldBe(RunStatus.Faulted);
        run.Error!.Message.ShouldBe("script ran longer than its limit of 2 s");
    }

    [Theory]
    [InlineData("new long[600_000_000].Length")]
    [InlineData("new List<byte>(int.MaxValue).Count")]
    [InlineData("new string('x', int.MaxValue).Length")]
    [InlineData("Enumerable.Repeat(0L, 600_000_000).Count()")]
    public async Task A_four_gigabyte_allocation_attempt_is_refused(string script)
    {
        var run = await RunAsync(script);

        run.Status.ShouldBe(RunStatus.Faulted);
        run.Error!.Message.ShouldContain("the limit is 10,000,000");
        (await ValueOfAsync("2 + 2"))!.GetValue<int>().ShouldBe(4);
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(100_000)]
    public async Task An_ever_growing_list_fails_with_a_memory_error(int stringLength)
    {
        // A generous time limit, so the memory limit is what stops it even on a loaded machine.
        var engine = new FlowEngine(
            options: new FlowEngineOptions
            {
                CSharpLimits = new() { Timeout = TimeSpan.FromSeconds(60) },
            }
        );
        var run = await engine.StartAsync(
            engine.Prepare(
                FlowBuilder.EvaluateCSharp(
                    $"var list = new List<string>();\nwhile (true) {{ list.Add(new string('x', {stringLength})); }}\nlist.Count"
                )
            ),
            null,
            TestContext.Current.CancellationToken
        );

        run.Status.ShouldBe(RunStatus.Faulted);
        run.Error!.Message.ShouldStartWith("script used too much memory");
        (await ValueOfAsync("3 + 3"))!.GetValue<int>().ShouldBe(6);
    }

    [Fact]
    public async Task Unbounded_recursion_is_stopped_without_killing_the_process()
    {
        var run = await RunAsync("int Down(int n) => Down(n + 1) + 1;\nDown(0)");

        run.Status.ShouldBe(RunStatus.Faulted);
        run.Error!.Message.ShouldBe("script recursion went too deep");
        (await ValueOfAsync("4 + 4"))!.GetValue<int>().ShouldBe(8);
    }

    [Fact]
    public async Task A_catastrophic_regex_is_stopped_even_with_a_long_timeout()
    {
        var run = await RunAsync(
            "Regex.IsMatch(new string('a', 40) + \"b\", \"^(a+)+$\", RegexOptions.None, TimeSpan.FromHours(1))"
        );

        run.Status.ShouldBe(RunStatus.Faulted);
        run.Error!.Message.ShouldStartWith("C# error: RegexMatchTimeoutException");
    }

    [Fact]
    public void The_guard_name_is_reserved()
    {
        var result = _engine.Validator.Validate(
            FlowBuilder.EvaluateCSharp("object __guard = null;\nfor (var i = 0; i < 3; i++) { }\n1")
        );

        result.Errors.ShouldContain(p =>
            p.Message.Contains("'__guard' is reserved") && p.Line == 1
        );
    }

    [Theory]
    [InlineData("System.IO.File.ReadAllText(\"/etc/passwd\")", "System.IO.File.ReadAllText")]
    [InlineData("typeof(string).Assembly", "typeof")]
    [InlineData("System.Environment.Exit(1)", "System.Environment.Exit")]
    [InlineData("System.Diagnostics.Process.Start(\"sh\")", "'Process' does not exist")]
    public void Forbidden_apis_are_refused_at_validation_and_never_run(string script, string symbol)
    {
        var result = _engine.Validator.Validate(FlowBuilder.EvaluateCSharp(script));

        result.Errors.ShouldNotBeEmpty();
        result.Errors.ShouldAllBe(p => p.Pointer == "/activities/1/inputs/value/cs" && p.Line == 1);
        result.Errors.ShouldContain(p => p.Message.Contains(symbol));
        Should.Throw<FlowValidationException>(() =>
            _engine.Prepare(FlowBuilder.EvaluateCSharp(script))
        );
    }

    [Fact]
    public async Task A_script_ending_in_a_call_without_a_value_gives_null()
    {
        var run = await RunAsync("var list = new List<int> { 1 };\nlist.Clear()");

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        run.Output.ShouldBeNull();
    }

    [Fact]
    public async Task A_result_over_its_size_in_bytes_faults_in_the_host_before_the_engine_reads_it()
    {
        var engine = new FlowEngine(
            options: new FlowEngineOptions
            {
                CSharpLimits = new CSharpLimits { MaxResultBytes = 64 * 1024 },
            }
        );
        var flow = engine.Prepare(
            FlowBuilder.EvaluateCSharp("new string('x', (int)input![\"n\"]!)")
        );

        var big = await engine.StartAsync(
            flow,
            JsonNode.Parse("""{"n": 100000}"""),
            TestContext.Current.CancellationToken
        );
        var small = await engine.StartAsync(
            flow,
            JsonNode.Parse("""{"n": 3}"""),
            TestContext.Current.CancellationToken
        );

        big.Status.ShouldBe(RunStatus.Faulted);
        big.Error!.Message.ShouldContain("script result is 97.7 KB of JSON; the limit is 64 KB");
        small.Output!.GetValue<string>().ShouldBe("xxx");
    }
}
