using System.Text.Json.Nodes;
using Acornima;
using Jint;
using Makini.Flows.Engine.Runtime;
using JintEngine = Jint.Engine;

namespace Makini.Flows.Engine.Expressions.JavaScript;

/// <summary>
/// A JavaScript expression or script, parsed once (strict mode). Its value is the completion value of
/// its last statement, so both <c>input.total &gt; 100</c> and <c>const t = input.total; t * 2</c> work.
/// </summary>
internal sealed class JavaScriptExpression : CompiledExpression
{
    private JavaScriptExpression(string source, Prepared<Acornima.Ast.Script> script)
    {
        Source = source;
        Script = script;
    }

    public string Source { get; }

    public Prepared<Acornima.Ast.Script> Script { get; }

    public static JavaScriptExpression Compile(string source)
    {
        try
        {
            return new JavaScriptExpression(source, JintEngine.PrepareScript(source, strict: true));
        }
        catch (ScriptPreparationException preparation)
            when (preparation.InnerException is ParseErrorException exception)
        {
            // Acornima counts columns from 0; users (and editors) count from 1.
            var column = exception.Column + 1;
            throw new ScriptSyntaxException(
                new ScriptError(
                    $"JavaScript syntax error: {exception.Description} (line {exception.LineNumber}, column {column})",
                    exception.LineNumber,
                    column
                )
            );
        }
    }

    public override JsonNode? Evaluate(RunExecution run, int scope) =>
        run.JavaScript.Evaluate(this, scope);
}
