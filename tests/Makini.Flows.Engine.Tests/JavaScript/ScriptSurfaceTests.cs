using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Tests.Support;

namespace Makini.Flows.Engine.Tests.JavaScript;

/// <summary>What a flow author can use in a script, and what a script's value is.</summary>
public sealed class ScriptSurfaceTests
{
    private readonly FlowEngine _engine = new();

    private async Task<JsonNode?> ValueOfAsync(string script, string input = "{}")
    {
        var run = await _engine.StartAsync(
            _engine.Prepare(FlowBuilder.EvaluateScript(script)),
            JsonNode.Parse(input),
            TestContext.Current.CancellationToken
        );
        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        return run.Output;
    }

    [Fact]
    public async Task The_value_of_a_script_is_its_last_expression()
    {
        var value = await ValueOfAsync(
            "const lines = input.lines;\nconst total = lines.reduce((s, l) => s + l.qty, 0);\ntotal * 2",
            """{"lines": [{"qty": 2}, {"qty": 3}]}"""
        );

        value!.GetValue<double>().ShouldBe(10);
    }

    [Theory]
    [InlineData("input.rows.slice(1)", "[2,3,4]")]
    [InlineData("input.rows.slice(2, 4)", "[3,4]")]
    [InlineData("input.rows.slice(-2)", "[3,4]")]
    [InlineData("input.rows.slice(1, -1)", "[2,3]")]
    [InlineData("input.rows.slice()", "[1,2,3,4]")]
    [InlineData("input.rows.slice(NaN, 2)", "[1,2]")]
    [InlineData("input.rows.slice(3, 1)", "[]")]
    [InlineData("input.rows.slice(-10, 10)", "[1,2,3,4]")]
    [InlineData("Object.freeze([1, 2, 3, 4]).slice(2)", "[3,4]")]
    [InlineData("[1, 2, 3, 4].slice(1, 3)", "[2,3]")]
    [InlineData(
        "Array.prototype.slice.call({ length: 3, 0: 'a', 1: 'b', 2: 'c' }, 1)",
        "[\"b\",\"c\"]"
    )]
    public async Task Slice_of_an_input_array_gives_every_element(string script, string expected)
    {
        // Arrays a script reads are frozen, and Jint's own slice lost their elements past a start above 0.
        var value = await ValueOfAsync(script, """{"rows": [1, 2, 3, 4]}""");

        value!.ToJsonString().ShouldBe(expected);
    }

    [Fact]
    public async Task Json_math_and_date_are_available()
    {
        var value = await ValueOfAsync(
            "({ parsed: JSON.parse('{\"a\":1}').a, max: Math.max(3, 7), year: new Date('2026-11-29T00:00:00Z').getUTCFullYear() })"
        );

        JsonNode
            .DeepEquals(value, JsonNode.Parse("""{"parsed": 1, "max": 7, "year": 2026}"""))
            .ShouldBeTrue(value?.ToJsonString());
    }

    [Fact]
    public async Task An_object_literal_result_becomes_json_without_functions_or_undefined()
    {
        var value = await ValueOfAsync(
            "({ keep: 'x', skip: undefined, fn() { return 1; }, list: [1, 'two', null, true] })"
        );

        JsonNode
            .DeepEquals(value, JsonNode.Parse("""{"keep": "x", "list": [1, "two", null, true]}"""))
            .ShouldBeTrue(value?.ToJsonString());
    }

    [Fact]
    public async Task Runtime_errors_point_at_the_line_and_column_in_the_users_script()
    {
        var run = await _engine.StartAsync(
            _engine.Prepare(
                FlowBuilder.EvaluateScript("const a = 1;\nconst b = 2;\ninput.missing.deep + a + b")
            ),
            null,
            TestContext.Current.CancellationToken
        );

        run.Status.ShouldBe(RunStatus.Faulted);
        run.Error!.Message.ShouldStartWith("JavaScript error: TypeError: ");
        run.Error.Message.ShouldEndWith("(line 3, column 15)");
    }

    [Fact]
    public async Task A_script_that_declares_names_runs_again_and_again_in_a_loop()
    {
        var run = await TestFlows.RunScenarioAsync(
            "for-each-declarations",
            """{"items": [1, 2, 3]}"""
        );

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        run.Output!.GetValue<double>().ShouldBe(12);
    }

    [Fact]
    public async Task A_shared_reference_explosion_in_a_result_is_refused()
    {
        var run = await _engine.StartAsync(
            _engine.Prepare(
                FlowBuilder.EvaluateScript(
                    "let a = [1]; for (let i = 0; i < 25; i++) a = [a, a]; a"
                )
            ),
            null,
            TestContext.Current.CancellationToken
        );

        run.Status.ShouldBe(RunStatus.Faulted);
        run.Error!.Message.ShouldContain("too large");
    }

    [Theory]
    [InlineData("'a,b,,c'.split(/,/)", "[\"a\",\"b\",\"\",\"c\"]")]
    [InlineData("'abc'.split(/(?:)/)", "[\"a\",\"b\",\"c\"]")]
    [InlineData("'a1b2c'.split(/(\\d)/, 4)", "[\"a\",\"1\",\"b\",\"2\"]")]
    [InlineData("''.split(/,/)", "[\"\"]")]
    [InlineData("''.split(/(?:)/)", "[]")]
    [InlineData("'ab'.split(/a*?/)", "[\"a\",\"b\"]")]
    [InlineData(
        "'A<B>b</B>'.split(/<(\\/)?([^<>]+)>/)",
        "[\"A\",null,\"B\",\"b\",\"/\",\"B\",\"\"]"
    )]
    [InlineData("'x😀y'.split(/(?:)/u).length", "3")]
    [InlineData("'a b  c'.split(' ', 3)", "[\"a\",\"b\",\"\"]")]
    [InlineData(
        "[1, [2, 3], null, undefined, 'a'].join() + Array.prototype.join.call({ length: 2, 0: 'x' }, '-')",
        "\"1,2,3,,,ax-\""
    )]
    [InlineData(
        "'aXbXc'.replace(/X/g, '$&$&') + 'abc'.replace(/b/, \"[$`|$']\")",
        "\"aXXbXXca[a|c]c\""
    )]
    public async Task Splitting_joining_and_replacing_follow_the_language(
        string script,
        string expected
    )
    {
        var value = await ValueOfAsync(script);

        value!.ToJsonString().ShouldBe(expected);
    }
}
