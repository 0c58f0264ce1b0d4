using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Tests.Support;

namespace Makini.Flows.Engine.Tests.JavaScript;

/// <summary>Hostile scripts fail their run with a clear error, and the engine keeps working afterwards.</summary>
public sealed class HostileScriptTests
{
    private readonly FlowEngine _engine = new();

    private Task<RunState> RunAsync(string script, JsonNode? input = null) =>
        _engine.RunScriptAsync(script, input);

    /// <summary>The run faults with a message naming one of the expected causes, then a normal run works.</summary>
    private async Task ShouldFaultThenRecoverAsync(string script, params string[] expectedCauses)
    {
        var run = await RunAsync(script);

        run.Status.ShouldBe(RunStatus.Faulted);
        run.Error.ShouldNotBeNull().ActivityId.ShouldBe("evaluate");
        expectedCauses.ShouldContain(
            cause => run.Error.Message.Contains(cause, StringComparison.OrdinalIgnoreCase),
            $"unexpected error: {run.Error.Message}"
        );

        var next = await RunAsync("input.a + 1", new JsonObject { ["a"] = 41 });
        next.Status.ShouldBe(RunStatus.Completed, next.Error?.Message);
        next.Output!.GetValue<double>().ShouldBe(42);
    }

    [Fact]
    public Task An_endless_loop_is_stopped() =>
        ShouldFaultThenRecoverAsync("while (true) {}", "statements", "longer than its limit");

    [Fact]
    public Task An_endless_loop_is_stopped_by_the_time_limit_when_statements_are_unlimited()
    {
        var engine = new FlowEngine(
            options: new FlowEngineOptions
            {
                ScriptLimits = new()
                {
                    MaxStatements = int.MaxValue,
                    Timeout = TimeSpan.FromMilliseconds(300),
                },
            }
        );
        return ShouldFaultOnAsync(engine, "while (true) {}", "longer than its limit of 0.3 s");
    }

    [Fact]
    public Task A_billion_element_array_is_refused() =>
        ShouldFaultThenRecoverAsync("new Array(1e9).fill(0)", "memory");

    [Fact]
    public Task An_ever_growing_array_is_stopped() =>
        // Whichever limit a loaded machine reaches first: memory, or time.
        ShouldFaultThenRecoverAsync(
            "const a = []; while (true) a.push({ x: 'xxxxxxxxxx' }); a",
            "memory",
            "longer than its limit"
        );

    [Fact]
    public Task Unbounded_recursion_is_stopped() =>
        ShouldFaultThenRecoverAsync("function f(n) { return f(n + 1) + 1; } f(0)", "recursion");

    [Fact]
    public Task A_gigantic_string_is_refused() =>
        ShouldFaultThenRecoverAsync("'x'.repeat(2 ** 30)", "Invalid string length");

    [Fact]
    public Task A_gigantic_padding_is_refused() =>
        ShouldFaultThenRecoverAsync("'x'.padStart(2 ** 29)", "Invalid string length");

    [Theory]
    [InlineData("Object.keys(new String('x'.repeat(1e6)))")]
    [InlineData("Object.values(Object.setPrototypeOf(new String('x'.repeat(1e6)), null))")]
    [InlineData(
        "Reflect.ownKeys(Object.setPrototypeOf(new String('x'.repeat(1e6)), Object.prototype))"
    )]
    public Task Enumerating_the_keys_of_a_huge_string_object_is_refused(string script) =>
        ShouldFaultThenRecoverAsync(script, "Invalid string length");

    [Fact]
    public async Task Keys_of_ordinary_objects_and_frozen_arrays_are_enumerated()
    {
        var run = await RunAsync(
            "[Object.keys({ a: 1, length: 3 }).length, Object.keys(Object.freeze([1, 2])).length, Object.keys(Object.defineProperty({}, 'length', { value: 5 })).length, Object.keys(input.items).length]",
            JsonNode.Parse("""{ "items": [1, 2, 3] }""")
        );

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        run.Output!.ToJsonString().ShouldBe("[2,2,0,3]");
    }

    [Fact]
    public Task A_catastrophic_regular_expression_is_stopped() =>
        ShouldFaultThenRecoverAsync("/^(a+)+$/.test('a'.repeat(40) + 'b')", "regular expression");

    [Theory]
    [InlineData("'x'.repeat(20000).replace(/x*y|x/g, '')")]
    [InlineData("'x'.repeat(20000).match(/x*y|x/g)")]
    [InlineData("[...'x'.repeat(20000).matchAll(/x*y|x/g)]")]
    [InlineData("'x'.repeat(20000).split(/x*y|x/)")]
    [InlineData("'x'.repeat(20000).replaceAll(/x*y|x/g, '')")]
    public Task Each_step_of_a_regular_expression_scan_counts_against_the_limits(string script)
    {
        // Each step scans the rest of the string: quadratic in all, yet each step is quick. Natively the whole
        // scan is one call the limits never see; the statement limit stands for all of them here.
        var engine = new FlowEngine(
            options: new FlowEngineOptions { ScriptLimits = new() { MaxStatements = 10_000 } }
        );
        return ShouldFaultOnAsync(engine, script, "statements");
    }

    [Fact]
    public Task A_regular_expression_step_gets_no_more_time_than_the_script()
    {
        var engine = new FlowEngine(
            options: new FlowEngineOptions
            {
                ScriptLimits = new()
                {
                    Timeout = TimeSpan.FromMilliseconds(300),
                    RegexTimeout = TimeSpan.FromSeconds(30),
                },
            }
        );
        return ShouldFaultOnAsync(
            engine,
            "/(a+)+b/.test('a'.repeat(30) + 'c')",
            "regular expression ran longer than its limit of 0.3 s"
        );
    }

    [Theory]
    [InlineData("'x'.repeat(4e6).match(/x/g)", "a regular expression may search at most")]
    [InlineData("'x'.repeat(4e6).replace(/y/g, '')", "a regular expression may search at most")]
    [InlineData("'x'.repeat(4e6).split('')", "array size")]
    [InlineData("'x,'.repeat(2e6).split(',')", "array size")]
    [InlineData("Array(1000).fill('x'.repeat(4e6)).join('')", "Invalid string length")]
    [InlineData("Array(2).fill('x'.repeat(3e6)).join()", "Invalid string length")]
    public Task A_single_built_in_call_cannot_build_past_the_limits(string script, string cause) =>
        ShouldFaultThenRecoverAsync(script, cause);

    [Theory]
    [InlineData("eval('1 + 1')")]
    [InlineData("Function('return 1')()")]
    [InlineData("(function () {}).constructor('return this')()")]
    [InlineData("Object.getPrototypeOf(async function () {}).constructor('return 1')()")]
    public Task Compiling_strings_into_code_is_refused(string script) =>
        ShouldFaultThenRecoverAsync(script, "String compilation has been disabled");

    [Theory]
    [InlineData("System.IO.File.ReadAllText('/etc/passwd')", "System is not defined")]
    [InlineData("importNamespace('System.IO')", "importNamespace is not defined")]
    [InlineData("clrHelper.typeOf(1)", "clrHelper is not defined")]
    [InlineData("require('fs')", "require is not defined")]
    [InlineData("process.exit(1)", "process is not defined")]
    [InlineData("new ArrayBuffer(2 ** 28)", "ArrayBuffer is not defined")]
    public Task Nothing_of_the_host_is_reachable(string script, string message) =>
        ShouldFaultThenRecoverAsync(script, message);

    [Fact]
    public async Task The_global_object_offers_only_the_documented_surface()
    {
        var run = await RunAsync(
            "['System', 'importNamespace', 'clrHelper', 'require', 'process', 'host'].filter(n => typeof globalThis[n] !== 'undefined')"
        );

        run.Status.ShouldBe(RunStatus.Completed, run.Error?.Message);
        run.Output.ShouldBeOfType<JsonArray>().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_thrown_error_reports_its_message_and_location()
    {
        var run = await RunAsync("const total = 1;\nthrow new Error('no budget for ' + total);");

        run.Status.ShouldBe(RunStatus.Faulted);
        run.Error!.Message.ShouldContain("no budget for 1");
        run.Error.Message.ShouldContain("line 2");
    }

    private static async Task ShouldFaultOnAsync(
        FlowEngine engine,
        string script,
        string expectedMessagePart
    )
    {
        var run = await engine.RunScriptAsync(script);
        run.Status.ShouldBe(RunStatus.Faulted);
        run.Error!.Message.ShouldContain(expectedMessagePart);
    }
}
