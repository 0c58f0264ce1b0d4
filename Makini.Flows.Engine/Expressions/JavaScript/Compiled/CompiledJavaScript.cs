using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>
/// A script compiled by <see cref="ScriptCompiler"/>: its declarations, then either the value it returns or, when
/// it builds an object or array, the writer of that result. An evaluation it cannot finish itself (an error, an
/// unusual value, a spent budget) returns false, and the caller evaluates the script with Jint instead.
/// </summary>
internal sealed class CompiledJavaScript(
    (int Slot, Evaluator Initializer)[] declarations,
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
            foreach (var (slot, initializer) in declarations)
                frame.Locals[slot] = initializer(frame);
            result = writer is null
                ? ScriptResult.ToJson(value!(frame), frame)
                : ScriptResult.Written(frame, writer);
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
