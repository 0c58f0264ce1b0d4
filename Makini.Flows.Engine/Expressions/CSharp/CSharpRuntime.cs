using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Engine.Expressions.CSharp;

/// <summary>
/// The C# view of one run execution. Scripts receive copies of the run's values, kept in step as the run
/// changes them, so a script that modifies what it is given changes nothing outside that copy. The copies
/// are re-read from JSON text, so every number converts with an explicit cast to any numeric type
/// (<c>(int)</c>, <c>(double)</c>, <c>(decimal)</c>), whatever produced it.
/// </summary>
internal sealed class CSharpRuntime
{
    private readonly RunExecution _run;
    private readonly ScriptGuard _guard;
    private readonly JsonNode? _input;
    private readonly JsonObject _vars = [];
    private readonly JsonObject _outputs = [];
    private int _itemScope = -1;
    private int _itemIndex = -1;
    private JsonNode? _item;

    public CSharpRuntime(RunExecution run)
    {
        _run = run;
        _guard = new ScriptGuard(run.Options.CSharpLimits);
        _input = Copy(run.State.Input);
        foreach (var (name, value) in run.State.Variables)
            _vars[name] = Copy(value);
        foreach (var (activity, outputs) in run.State.Outputs)
            OutputsChanged(activity, outputs);
    }

    public JsonNode? Evaluate(CSharpExpression expression, int scope)
    {
        var loop = _run.Loop(scope);
        var index = loop?.Index ?? -1;
        if (scope != _itemScope || index != _itemIndex)
        {
            _itemScope = scope;
            _itemIndex = index;
            _item = Copy(loop?.Items[loop.Index]);
        }
        _guard.Begin();
        object? result;
        try
        {
            result = expression.Function(_input, _vars, _outputs, _item, index, _guard);
            _guard.CheckBudget();
        }
        catch (Exception exception)
        {
            throw new ScriptRuntimeException(Describe(exception), exception);
        }
        return ToJson(result);
    }

    public void VariableChanged(string name, JsonNode? value) => _vars[name] = Copy(value);

    public void OutputsChanged(string activityId, Dictionary<string, JsonNode?> outputs)
    {
        var copy = new JsonObject();
        foreach (var (name, value) in outputs)
            copy[name] = Copy(value);
        _outputs[activityId] = copy;
    }

    public void ScopeChanged() => _itemScope = -1;

    private static JsonNode? Copy(JsonNode? value) =>
        value is null ? null : JsonNode.Parse(JsonSerializer.SerializeToUtf8Bytes(value));

    private static JsonNode? ToJson(object? value) =>
        value switch
        {
            null => null,
            JsonNode node => node.Parent is null ? node : node.DeepClone(),
            bool b => JsonValue.Create(b),
            string s => JsonValue.Create(s),
            int i => JsonValue.Create(i),
            long l => JsonValue.Create(l),
            double d => double.IsFinite(d) ? JsonValue.Create(d) : null,
            decimal m => JsonValue.Create(m),
            _ => JsonSerializer.SerializeToNode(value, value.GetType()),
        };

    private static string Describe(Exception exception) =>
        exception switch
        {
            ScriptLimitException limit => limit.Message,
            InsufficientExecutionStackException => "script recursion went too deep",
            OutOfMemoryException => "script ran out of memory",
            // No line: the JIT's optimized code maps back to source lines too loosely to be trusted.
            _ => $"C# error: {exception.GetType().Name}: {exception.Message}",
        };
}
