using System.Collections.Concurrent;
using Makini.Flows.Engine.Expressions.CSharp;
using Makini.Flows.Engine.Expressions.JavaScript;
using Makini.Flows.Engine.Model;

namespace Makini.Flows.Engine.Expressions;

/// <summary>
/// Compiles input expressions. Scripts are compiled once and cached (JavaScript by its text, C# by the
/// SHA-256 of its text, compiled in a script host), so the same script in many flows or versions is compiled
/// once and never on a run's hot path.
/// </summary>
internal sealed class ExpressionCompiler(ScriptLimits limits, CSharpCompilations cSharp)
{
    private long _cachedJavaScriptCharacters;
    private const int MaxCachedScripts = 10_000;
    private readonly ConcurrentDictionary<string, JavaScriptExpression> _javaScript = new(
        StringComparer.Ordinal
    );

    public CompiledExpression Compile(InputExpression expression) =>
        expression.Kind switch
        {
            ExpressionKind.Literal => new LiteralExpression(expression.Literal),
            ExpressionKind.Variable => new VariableExpression(expression.Text),
            ExpressionKind.JavaScript => CompileJavaScript(expression.Text),
            ExpressionKind.CSharp => CompileCSharpSource(expression.Text),
            _ => throw new ArgumentOutOfRangeException(nameof(expression)),
        };

    /// <summary>A C# script by its text (record scripts, which are not flow inputs).</summary>
    public CSharpExpression CompileCSharpSource(string source) => cSharp.Compile(source);

    /// <summary>Forgets what the script hosts said of every C# script (they compile again when asked).</summary>
    public void EvictCSharp() => cSharp.Clear();

    private JavaScriptExpression CompileJavaScript(string source)
    {
        if (_javaScript.TryGetValue(source, out var cached))
            return cached;
        var compiled = JavaScriptExpression.Compile(source, limits);
        // A compiled script takes several times its source in memory: the cache is bounded by both.
        if (
            _javaScript.Count >= MaxCachedScripts
            || Interlocked.Add(ref _cachedJavaScriptCharacters, source.Length)
                > limits.MaxCachedScriptCharacters
        )
        {
            _javaScript.Clear();
            Interlocked.Exchange(ref _cachedJavaScriptCharacters, source.Length);
        }
        return _javaScript.GetOrAdd(source, compiled);
    }

    /// <summary>Scripts in the JavaScript cache now.</summary>
    internal int CachedJavaScriptCount => _javaScript.Count;
}
