using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Tests.Support;

namespace Makini.Flows.Engine.Tests.Validation;

/// <summary>The designer's per-expression check: compile errors and unknown names, with positions.</summary>
public sealed class ExpressionDiagnosticsTests
{
    private readonly FlowEngine _engine = new();
    private readonly FlowDefinition _flow = FlowBuilder.EvaluateScript("1");

    [Fact]
    public void A_valid_expression_has_no_problems()
    {
        _engine
            .ValidateExpression(
                InputExpression.FromJavaScript("vars.result ?? outputs.evaluate"),
                _flow
            )
            .ShouldBeEmpty();
        _engine
            .ValidateExpression(
                InputExpression.FromCSharp("vars[\"result\"] ?? outputs[\"evaluate\"]"),
                _flow
            )
            .ShouldBeEmpty();
    }

    [Theory]
    [InlineData("js", "const a = 1;\nconst b = a +* 2;\nb", 2, 14)]
    [InlineData("cs", "var a = 1;\nvar b = a +* 2;\nb", 2, 12)]
    public void A_syntax_error_has_its_line_and_column(
        string language,
        string source,
        int line,
        int column
    )
    {
        var error = _engine
            .ValidateExpression(Expression(language, source), _flow)
            .ShouldHaveSingleItem();

        error.IsWarning.ShouldBeFalse();
        (error.Line, error.Column).ShouldBe((line, column), error.Message);
    }

    [Theory]
    [InlineData("js", "1 +\n  vars.missing", "vars.missing", 2, 8)]
    [InlineData("js", "outputs['nope']", "outputs.nope", 1, 9)]
    [InlineData("cs", "1 +\n  (int)vars[\"missing\"]!", "vars.missing", 2, 13)]
    [InlineData("cs", "outputs[\"nope\"]", "outputs.nope", 1, 9)]
    public void A_name_the_flow_does_not_have_is_a_warning_at_its_position(
        string language,
        string source,
        string name,
        int line,
        int column
    )
    {
        var warning = _engine
            .ValidateExpression(Expression(language, source), _flow)
            .ShouldHaveSingleItem();

        warning.IsWarning.ShouldBeTrue();
        warning.Message.ShouldStartWith(name);
        (warning.Line, warning.Column).ShouldBe((line, column));
    }

    [Fact]
    public void Without_a_flow_only_compilation_is_checked()
    {
        _engine.ValidateExpression(InputExpression.FromJavaScript("vars.anything")).ShouldBeEmpty();
    }

    private static InputExpression Expression(string language, string source) =>
        language == "js"
            ? InputExpression.FromJavaScript(source)
            : InputExpression.FromCSharp(source);
}
