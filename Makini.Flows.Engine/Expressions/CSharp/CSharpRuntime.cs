using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Engine.Expressions.CSharp;

/// <summary>
/// The C# view of one run execution: each evaluation sends the run values the script names to a script host
/// as JSON and reads its result back, so a script never holds the run's own nodes. Every number converts with
/// an explicit cast to any numeric type (<c>(int)</c>, <c>(double)</c>, <c>(decimal)</c>), whatever produced it.
/// </summary>
internal sealed class CSharpRuntime(RunExecution run, ScriptHostPool hosts)
{
    public JsonNode? Evaluate(CSharpExpression expression, int scope)
    {
        var loop = run.Loop(scope);
        var index = loop?.Index ?? -1;
        var state = run.State;
        Span<CSharpContext> contexts =
        [
            new(state.Input, state.Variables, state.Outputs, loop?.Items[loop.Index], index),
        ];
        Span<ScriptOutcome> outcomes = [default];
        hosts.Evaluate(expression, contexts, outcomes);
        var outcome = outcomes[0];
        return outcome.Error is null
            ? outcome.Value
            : throw new ScriptRuntimeException(outcome.Error, null);
    }
}
