using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Makini.Flows.Hostile.Tests.Support;

namespace Makini.Flows.Hostile.Tests;

/// <summary>
/// Scripts written to exhaust the compiler (deep nesting, exponential binding): the server answers with a
/// problem or refuses the flow, never with a 500 or a hung request, and goes on serving.
/// </summary>
public sealed class CompilerBombTests(HostileServer server, ITestOutputHelper output)
    : IClassFixture<HostileServer>
{
    private const string ScriptPointer = "/activities/1/inputs/value/";
    private static readonly string FifteenThousandParentheses =
        new string('(', 15_000) + "1" + new string(')', 15_000);

    [Fact]
    public async Task A_hundred_thousand_chained_calls_are_refused_or_fault_their_run()
    {
        var script = "new[] { 1 }" + string.Concat(Enumerable.Repeat(".Distinct()", 100_000));

        using var import = await server.Client.ImportAsync(
            ScriptFlows.Evaluating("chained-distinct", script + ".Count()")
        );

        if (import.StatusCode == HttpStatusCode.OK)
            (await server.Client.RunAsync("chained-distinct")).ShouldFaultWith(
                Causes.HostCrashed,
                Causes.Recursion
            );
        else
            await import.ShouldBeAProblemAtAsync(ScriptPointer + "cs");
        await server.ShouldStillServeAsync();
    }

    public static TheoryData<string, string> DeeplyNested =>
        new()
        {
            { "cs", "admin" },
            { "js", "admin" },
            { "cs", "runner" },
            { "js", "runner" },
        };

    [Theory]
    [MemberData(nameof(DeeplyNested))]
    public async Task Fifteen_thousand_nested_parentheses_get_an_answer_not_a_server_error(
        string language,
        string role
    )
    {
        using var client = role == "admin" ? null : await server.Client.WithNewKeyAsync(role);

        using var response = await (client ?? server.Client).ValidateAsync(
            language,
            FifteenThousandParentheses
        );

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        output.WriteLine($"{(int)response.StatusCode}: {body}");
        if (role == "runner")
        {
            // A runner key starts and reads runs only: it never reaches the compiler.
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, body);
            return;
        }
        response.StatusCode.ShouldBeOneOf([HttpStatusCode.OK, HttpStatusCode.BadRequest], body);
        if (response.StatusCode == HttpStatusCode.OK)
            ProblemAssertions.ProblemsShouldBeReadable(JsonNode.Parse(body)!);
        await server.ShouldStillServeAsync();
    }

    [Theory]
    [InlineData("cs")]
    [InlineData("js")]
    public async Task A_flow_with_fifteen_thousand_nested_parentheses_is_refused_with_a_problem(
        string language
    )
    {
        using var import = await server.Client.ImportAsync(
            ScriptFlows.Evaluating("nested-" + language, FifteenThousandParentheses, language)
        );

        await import.ShouldBeAProblemAtAsync(ScriptPointer + language);
        await server.ShouldStillServeAsync();
    }

    public static TheoryData<string> SlowToCompile =>
        new() { NestedInterpolations(20), NestedSums(6) };

    [Theory]
    [MemberData(nameof(SlowToCompile))]
    public async Task A_script_that_is_slow_to_compile_gets_an_answer(string script)
    {
        using var response = await server.Client.ValidateAsync("cs", script);

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        output.WriteLine(body);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        var problems = ProblemAssertions.ProblemsShouldBeReadable(JsonNode.Parse(body)!);
        problems.ShouldAllBe(message => message.StartsWith("C# error: "));
        await server.ShouldStillServeAsync();
    }

    /// <summary><c>$"{$"{...1...}"}"</c>, <paramref name="depth"/> levels deep.</summary>
    private static string NestedInterpolations(int depth)
    {
        var source = "1";
        for (var i = 0; i < depth; i++)
            source = "$\"{" + source + "}\"";
        return source;
    }

    /// <summary>Lambdas nested in calls of Enumerable.Sum, whose many overloads each bind the inner lambda.</summary>
    private static string NestedSums(int depth)
    {
        var names = Enumerable.Range(1, depth).Select(i => $"a{i}").ToList();
        var source = new StringBuilder(string.Join(" + ", names));
        for (var i = depth - 1; i >= 0; i--)
            source.Insert(0, $"x.Sum({names[i]} => ").Append(')');
        return "var x = new[] { 1, 2 };\n" + source;
    }
}
