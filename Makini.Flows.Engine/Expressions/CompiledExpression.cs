using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Engine.Expressions;

/// <summary>An input expression prepared once per flow version, evaluated many times.</summary>
internal abstract class CompiledExpression
{
    public abstract JsonNode? Evaluate(RunExecution run, int scope);

    /// <summary>Whether every evaluation returns new nodes that nothing else holds (so they need no copy).</summary>
    public virtual bool ResultIsFresh => false;
}
