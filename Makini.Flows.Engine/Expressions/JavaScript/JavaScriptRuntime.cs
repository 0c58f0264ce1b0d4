using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Jint.Native;
using Jint.Runtime;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Engine.Expressions.JavaScript;

/// <summary>
/// The JavaScript view of one run execution: read-only <c>input</c>, <c>vars</c>, <c>outputs</c>, and inside loops
/// <c>item</c> and <c>index</c>, passed to each script as arguments. Rents a sandboxed engine on the first script
/// and gives it back when the execution ends; the JavaScript values follow the run's state as it changes.
/// </summary>
internal sealed class JavaScriptRuntime : IDisposable
{
    private readonly RunExecution _run;
    private readonly SandboxedEnginePool _pool;
    private readonly SandboxedEngine _engine;
    private readonly JsObject _vars;
    private readonly JsObject _outputs;
    private readonly JsValue[] _arguments = new JsValue[5];
    private readonly Dictionary<string, Dictionary<string, JsonNode?>> _changedOutputs = [];
    private int _itemScope = -1;
    private int _itemIndex = -1;
    private bool _failed;

    public JavaScriptRuntime(RunExecution run, SandboxedEnginePool pool)
    {
        _run = run;
        _pool = pool;
        _engine = pool.Rent();
        _vars = new JsObject(_engine.Engine);
        foreach (var (name, value) in run.State.Variables)
            JsonToJs.SetReadOnly(_vars, name, JsonToJs.Convert(_engine, value));
        _vars.PreventExtensions();
        _outputs = new JsObject(_engine.Engine);
        foreach (var node in run.Plan.Nodes)
            JsonToJs.SetReadOnly(_outputs, node.Id, JsValue.Undefined);
        foreach (var (activity, outputs) in run.State.Outputs)
            OutputsChanged(activity, outputs);
        _outputs.PreventExtensions();
        ConvertChangedOutputs();
        _arguments[0] = JsonToJs.Convert(_engine, run.State.Input);
        _arguments[1] = _vars;
        _arguments[2] = _outputs;
        _arguments[3] = JsValue.Undefined;
        _arguments[4] = JsValue.Undefined;
    }

    public JsonNode? Evaluate(JavaScriptExpression expression, int scope)
    {
        SyncLoopItem(scope);
        ConvertChangedOutputs();
        var limits = _run.Options.ScriptLimits;
        try
        {
            return JsToJson.Convert(
                _engine.Call(expression, _arguments, _run.CancellationToken),
                limits.MaxResultNodes
            );
        }
        catch (Exception exception)
            when (Describe(exception, expression, limits, _engine) is { } message)
        {
            _failed = true;
            throw new ScriptRuntimeException(message, exception);
        }
        catch (ScriptRuntimeException)
        {
            _failed = true;
            throw;
        }
    }

    public void VariableChanged(string name, JsonNode? value) =>
        JsonToJs.SetReadOnly(_vars, name, JsonToJs.Convert(_engine, value));

    /// <summary>
    /// Noted now, converted before the next script runs: the outputs of the last activities of a run (an HTTP
    /// response, say) are often read by no script at all.
    /// </summary>
    public void OutputsChanged(string activityId, Dictionary<string, JsonNode?> outputs) =>
        _changedOutputs[activityId] = outputs;

    private void ConvertChangedOutputs()
    {
        if (_changedOutputs.Count == 0)
            return;
        foreach (var (activityId, outputs) in _changedOutputs)
        {
            var converted = new JsObject(_engine.Engine);
            foreach (var (name, value) in outputs)
                JsonToJs.SetReadOnly(converted, name, JsonToJs.Convert(_engine, value));
            converted.PreventExtensions();
            JsonToJs.SetReadOnly(_outputs, activityId, converted);
        }
        _changedOutputs.Clear();
    }

    /// <summary>The loop position changed: item and index are refreshed before the next evaluation.</summary>
    public void ScopeChanged() => _itemScope = -1;

    private void SyncLoopItem(int scope)
    {
        var loop = _run.Loop(scope);
        var index = loop?.Index ?? -1;
        if (scope == _itemScope && index == _itemIndex)
            return;
        _itemScope = scope;
        _itemIndex = index;
        _arguments[3] = loop is null
            ? JsValue.Undefined
            : JsonToJs.Convert(_engine, loop.Items[loop.Index]);
        _arguments[4] = loop is null ? JsValue.Undefined : JsNumber.Create(index);
    }

    internal static string? Describe(
        Exception exception,
        JavaScriptExpression expression,
        ScriptLimits limits,
        SandboxedEngine engine
    ) =>
        exception switch
        {
            JavaScriptException js =>
                $"JavaScript error: {What(js, engine)}{Where(js, expression)}",
            RegexMatchTimeoutException =>
                $"a regular expression ran longer than its limit of {limits.EffectiveRegexTimeout.TotalSeconds:0.###} s",
            TimeoutException =>
                $"script ran longer than its limit of {limits.Timeout.TotalSeconds:0.###} s",
            StatementsCountOverflowException =>
                $"script ran more than {limits.MaxStatements:N0} statements",
            MemoryLimitExceededException memory =>
                $"script used too much memory ({memory.Message})",
            RecursionDepthOverflowException =>
                $"script recursion went deeper than {limits.MaxRecursionDepth} calls",
            _ => null,
        };

    private static string What(JavaScriptException exception, SandboxedEngine engine) =>
        engine.ErrorTypeOf(exception.Error) is not { } type ? exception.Message
        : string.IsNullOrEmpty(exception.Message) ? type
        : $"{type}: {exception.Message}";

    private static string Where(JavaScriptException exception, JavaScriptExpression expression)
    {
        var start = exception.Location.Start;
        if (start.Line <= 1 || exception.Location.SourceFile == SandboxPrelude.SourceName)
            return "";
        var (line, column) = expression.ToSourcePosition(start.Line, start.Column + 1);
        return $" (line {line}, column {column})";
    }

    /// <summary>Gives the engine back for the next run, unless a script failed on it.</summary>
    public void Dispose()
    {
        if (_failed)
            _engine.Dispose();
        else
            _pool.Return(_engine);
    }
}
