using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Engine.Expressions.CSharp;

/// <summary>A compiled, checked and guarded C# script.</summary>
internal sealed class CSharpExpression : CompiledExpression
{
    private readonly ScriptLoadContext _context;

    internal CSharpExpression(
        CSharpScriptSource source,
        CSharpScriptFunction function,
        ScriptLoadContext context
    )
    {
        Source = source;
        Function = function;
        _context = context;
    }

    /// <summary>Lets the runtime free this script's code once nothing references it any more.</summary>
    public void Unload() => _context.Unload();

    public CSharpScriptSource Source { get; }

    public CSharpScriptFunction Function { get; }

    public override JsonNode? Evaluate(RunExecution run, int scope) =>
        run.CSharp.Evaluate(this, scope);
}
