using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>
/// A script compiled by <see cref="ScriptCompiler"/>: its statements, then either the value its last statement
/// returns or, when that builds an object or array, the writer of that result. An evaluation it cannot finish
/// itself (an error, an unusual value, a spent budget) returns false, and the caller evaluates the script with
/// Jint instead.
/// </summary>
internal sealed class CompiledJavaScript(
    Executor statements,
    Evaluator? value,
    ValueWriter? writer,
    int slots
)
{
    public bool TryEvaluate(RunExecution run, int scope, out JsonNode? result)
    {
        try
        {
            var frame = new ScriptFrame(run, scope, slots);
            if (statements(frame) == Completion.Return)
                result = ScriptResult.ToJson(frame.Returned, frame);
            else if (writer is not null)
                result = ScriptResult.Written(frame, writer);
            else
                result = ScriptResult.ToJson(value is null ? null : value(frame), frame);
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
