using Makini.Flows.Engine.Expressions.CSharp;
using Makini.Flows.Engine.Expressions.JavaScript;
using Makini.Flows.Engine.Model;

namespace Makini.Flows.Engine.Expressions;

/// <summary>
/// Checks one expression as the designer's code editor needs it: compiles it (syntax, and for C# the
/// allowlist) and, given the flow, checks that every <c>vars</c> and <c>outputs</c> name it spells out exists.
/// Flow validation uses the same checks.
/// </summary>
internal sealed class ExpressionDiagnostics(ExpressionCompiler compiler)
{
    public IReadOnlyList<ScriptError> Check(InputExpression expression, FlowDefinition? flow)
    {
        if (expression.Kind is not (ExpressionKind.JavaScript or ExpressionKind.CSharp))
            return [];
        CompiledExpression compiled;
        try
        {
            compiled = compiler.Compile(expression);
        }
        catch (ScriptSyntaxException exception)
        {
            return exception.Errors;
        }
        catch (Exception exception) when (NestsTooDeeply(exception))
        {
            // A parser that runs out of stack (thousands of nested parentheses) is the script's problem,
            // not a server error.
            var language = expression.Kind == ExpressionKind.CSharp ? "C#" : "JavaScript";
            return
            [
                new ScriptError($"{language} error: the script nests too deeply to parse", 1, 1),
            ];
        }
        if (flow is null)
            return [];
        var references = compiled is JavaScriptExpression javaScript
            ? JavaScriptNameReferences.Find(javaScript.Syntax)
            : ((CSharpExpression)compiled).References;
        return references
            .Select(reference => Unknown(reference, flow))
            .OfType<ScriptError>()
            .ToList();
    }

    private static bool NestsTooDeeply(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
            if (exception is InsufficientExecutionStackException)
                return true;
        return false;
    }

    private static ScriptError? Unknown(NameReference reference, FlowDefinition flow)
    {
        var known =
            reference.Root == "vars"
                ? flow.Variables.Exists(v => v.Name == reference.Name)
                : flow.Activities.Exists(a => a.Id == reference.Name);
        if (known)
            return null;
        var what = reference.Root == "vars" ? "variable" : "activity";
        return new ScriptError(
            $"{reference.Root}.{reference.Name}: no {what} '{reference.Name}' in this flow (line {reference.Line}, column {reference.Column})",
            reference.Line,
            reference.Column
        )
        {
            IsWarning = true,
        };
    }
}
