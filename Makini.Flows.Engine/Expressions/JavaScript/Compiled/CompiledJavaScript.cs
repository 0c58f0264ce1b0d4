using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>
/// A script compiled by <see cref="ScriptCompiler"/>. An evaluation it cannot finish itself (an error, an
/// unusual value, a spent budget) returns false, and the caller evaluates the script with Jint instead.
/// </summary>
internal sealed class CompiledJavaScript(Evaluator body, int slots)
{
    public bool TryEvaluate(RunExecution run, int scope, out JsonNode? result)
    {
        try
        {
            var frame = new ScriptFrame(run, scope, slots);
            result = ScriptResult.ToJson(body(frame), run.Options.ScriptLimits.MaxResultNodes);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            EngineTelemetry.ScriptsHandedOver.Add(
                1,
                new KeyValuePair<string, object?>("flow", run.State.FlowId)
            );
            result = null;
            return false;
        }
    }
}
