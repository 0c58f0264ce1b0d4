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
    // A run executes on one thread at a time: one batch of one, reused for every evaluation.
    private readonly CSharpContext[] _context = new CSharpContext[1];
    private readonly ScriptOutcome[] _outcome = new ScriptOutcome[1];

    public JsonNode? Evaluate(CSharpExpression expression, int scope)
    {
        var loop = run.Loop(scope);
        var index = loop?.Index ?? -1;
        var state = run.State;
        _context[0] = new(
            state.Input,
            state.Variables,
            state.Outputs,
            loop?.Items[loop.Index],
            index
        );
        hosts.Evaluate(expression, _context, _outcome);
        var outcome = _outcome[0];
        (_context[0], _outcome[0]) = (default, default);
        return outcome.Error is null
            ? outcome.Value
            : throw new ScriptRuntimeException(outcome.Error, null);
    }
}
