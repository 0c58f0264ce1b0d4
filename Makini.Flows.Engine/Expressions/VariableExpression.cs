using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Engine.Expressions;

internal sealed class VariableExpression(string name) : CompiledExpression
{
    public override JsonNode? Evaluate(RunExecution run, int scope) =>
        run.State.Variables.TryGetValue(name, out var value)
            ? value
            : throw new InvalidOperationException($"variable '{name}' is not declared");
}
