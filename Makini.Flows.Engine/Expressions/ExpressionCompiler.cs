using System.Collections.Concurrent;
using Makini.Flows.Engine.Expressions.JavaScript;
using Makini.Flows.Engine.Model;

namespace Makini.Flows.Engine.Expressions;

/// <summary>
/// Compiles input expressions. Scripts are parsed once and cached by their text, so the same script in
/// many flows or versions is prepared once and never on a run's hot path.
/// </summary>
internal sealed class ExpressionCompiler
{
    private const int MaxCachedScripts = 10_000;
    private readonly ConcurrentDictionary<string, JavaScriptExpression> _javaScript = new(
        StringComparer.Ordinal
    );

    public int CachedScriptCount => _javaScript.Count;

    public CompiledExpression Compile(InputExpression expression) =>
        expression.Kind switch
        {
            ExpressionKind.Literal => new LiteralExpression(expression.Literal),
            ExpressionKind.Variable => new VariableExpression(expression.Text),
            ExpressionKind.JavaScript => CompileJavaScript(expression.Text),
            ExpressionKind.CSharp => throw new NotSupportedException(
                "C# expressions are not available in this version of the engine; use js"
            ),
            _ => throw new ArgumentOutOfRangeException(nameof(expression)),
        };

    private JavaScriptExpression CompileJavaScript(string source)
    {
        if (_javaScript.TryGetValue(source, out var cached))
            return cached;
        var compiled = JavaScriptExpression.Compile(source);
        if (_javaScript.Count >= MaxCachedScripts)
            _javaScript.Clear();
        return _javaScript.GetOrAdd(source, compiled);
    }
}
