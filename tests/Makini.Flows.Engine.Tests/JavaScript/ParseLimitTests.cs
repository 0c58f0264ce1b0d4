using Makini.Flows.Engine.Expressions;
using Makini.Flows.Engine.Expressions.CSharp;
using Makini.Flows.Engine.Expressions.JavaScript;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Engine.Tests.JavaScript;

/// <summary>
/// Whatever text a flow author (or an import) hands in, compiling it gives a result or a syntax error with
/// a position: never a crash of the parser's stack or an unexpected exception.
/// </summary>
public sealed class ParseLimitTests
{
    private static string Repeat(string text, int times) =>
        string.Concat(Enumerable.Repeat(text, times));

    public static TheoryData<string, string> DeepScripts =>
        new()
        {
            { "300 + terms", string.Join("+", Enumerable.Repeat("1", 300)) },
            { "15,000 nested parentheses", Repeat("(", 15_000) + "1" + Repeat(")", 15_000) },
            { "deep arrays", Repeat("[", 5_000) + Repeat("]", 5_000) },
            { "deep objects", Repeat("({a:", 3_000) + "1" + Repeat("})", 3_000) },
            { "chained arrows", Repeat("x=>", 3_000) + "1" },
            { "chained negations", Repeat("!", 15_000) + "1" },
            { "chained typeofs", Repeat("typeof ", 3_000) + "1" },
            { "nested templates", Repeat("`${", 3_000) + "1" + Repeat("}`", 3_000) },
            { "chained ternaries", Repeat("a?1:", 3_000) + "1" },
            { "deep blocks", Repeat("{", 3_000) + Repeat("}", 3_000) },
        };

    [Theory]
    [MemberData(nameof(DeepScripts))]
    public void A_script_nested_too_deeply_is_a_syntax_error_with_its_position(
        string shape,
        string source
    )
    {
        var exception = Should.Throw<ScriptSyntaxException>(
            () => JavaScriptExpression.Compile(source),
            shape
        );

        exception.Message.ShouldStartWith("JavaScript syntax error: the script nests");
        exception.Error.Line.ShouldBe(1);
        exception.Error.Column.ShouldBeInRange(1, 2_000);
    }

    [Fact]
    public void The_error_names_the_limit_and_where_it_is_passed()
    {
        var source = "const x = 1;\n" + Repeat("(", 15_000) + "1" + Repeat(")", 15_000);

        Should
            .Throw<ScriptSyntaxException>(() => JavaScriptExpression.Compile(source))
            .Message.ShouldBe(
                "JavaScript syntax error: the script nests deeper than 100 levels (line 2, column 101)"
            );
    }

    [Theory]
    [InlineData(
        "'((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((' + 1"
    )]
    [InlineData(
        "// [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n1"
    )]
    [InlineData(
        "/* {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{ */ 1"
    )]
    [InlineData(
        "/\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(\\(/.test('(')"
    )]
    [InlineData(
        "`((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((${1}`"
    )]
    public void Brackets_in_strings_comments_regular_expressions_and_template_text_do_not_nest(
        string source
    ) => JavaScriptExpression.Compile(source).ShouldNotBeNull();

    [Fact]
    public void Long_flat_scripts_are_not_mistaken_for_deep_ones()
    {
        var statements = string.Concat(
            Enumerable.Range(0, 500).Select(i => $"const v{i} = input.a + {i} * 2 - 1\n")
        );
        var objectLiteral =
            "({" + string.Join(", ", Enumerable.Range(0, 500).Select(i => $"k{i}: {i} + 1")) + "})";
        var concatenation = string.Join(" + ", Enumerable.Repeat("'x'", 150));

        JavaScriptExpression.Compile(statements + objectLiteral).ShouldNotBeNull();
        JavaScriptExpression.Compile(concatenation).ShouldNotBeNull();
    }

    [Fact]
    public void A_script_longer_than_the_limit_is_refused_before_parsing()
    {
        var limits = new ScriptLimits { MaxScriptLength = 1_000 };

        Should
            .Throw<ScriptSyntaxException>(() =>
                JavaScriptExpression.Compile("1 + " + new string(' ', 1_000), limits)
            )
            .Message.ShouldStartWith(
                "JavaScript syntax error: the script is longer than 1,000 characters"
            );
        new ScriptLimits().MaxScriptLength.ShouldBe(64 * 1024);
    }

    [Fact]
    public void Validation_reports_a_deep_script_as_a_script_error()
    {
        var engine = new FlowEngine();

        var errors = engine.Diagnostics.Check(
            InputExpression.FromJavaScript(Repeat("[", 5_000) + Repeat("]", 5_000)),
            null
        );

        errors.ShouldHaveSingleItem().Message.ShouldContain("nests deeper than 100 levels");
    }

    [Fact]
    public void The_compiled_script_cache_is_bounded_by_the_size_of_its_sources()
    {
        var cSharpLimits = new CSharpLimits();
        var compiler = new ExpressionCompiler(
            new ScriptLimits { MaxCachedScriptCharacters = 1_000 },
            new CSharpCompilations(ScriptHostPool.For(cSharpLimits), cSharpLimits)
        );

        for (var i = 0; i < 50; i++)
            compiler.Compile(InputExpression.FromJavaScript($"'{new string('x', 90)}' + {i}"));

        compiler.CachedJavaScriptCount.ShouldBeInRange(1, 10);
    }
}
