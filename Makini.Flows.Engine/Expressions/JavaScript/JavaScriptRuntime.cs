using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Jint;
using Jint.Native;
using Jint.Native.Error;
using Jint.Native.Object;
using Jint.Runtime;
using Makini.Flows.Engine.Runtime;
using JintEngine = Jint.Engine;

namespace Makini.Flows.Engine.Expressions.JavaScript;

/// <summary>
/// The JavaScript world of one run: a sandboxed Jint engine whose globals are <c>input</c>, <c>vars</c>,
/// <c>outputs</c>, and inside loops <c>item</c> and <c>index</c>. Created on the run's first script, kept in
/// step with the run's state as it changes, and discarded with the execution (never shared between runs).
/// </summary>
internal sealed class JavaScriptRuntime : IDisposable
{
    private readonly RunExecution _run;
    private readonly JintEngine _engine;
    private readonly JsObject _vars;
    private readonly JsObject _outputs;
    private static readonly string[] ErrorTypeNames =
    [
        "TypeError",
        "ReferenceError",
        "RangeError",
        "SyntaxError",
        "URIError",
        "EvalError",
        "AggregateError",
        "Error",
    ];

    /// <summary>Built-in error types by their prototypes, taken before any flow script has run.</summary>
    private readonly (string Name, JsValue Prototype)[] _errorTypes;
    private int _itemScope = -1;
    private int _itemIndex = -1;

    public JavaScriptRuntime(RunExecution run)
    {
        _run = run;
        _engine = SandboxedEngine.Create(run.Options.ScriptLimits);
        _errorTypes =
        [
            .. ErrorTypeNames
                .Select(name => (Name: name, Constructor: _engine.Global.Get(name)))
                .Where(type => type.Constructor is ObjectInstance)
                .Select(type => (type.Name, type.Constructor.Get("prototype"))),
        ];
        SetGlobal("input", JsonToJs.Convert(_engine, run.State.Input));
        _vars = new JsObject(_engine);
        foreach (var (name, value) in run.State.Variables)
            JsonToJs.SetReadOnly(_vars, name, JsonToJs.Convert(_engine, value));
        _vars.PreventExtensions();
        SetGlobal("vars", _vars);
        _outputs = new JsObject(_engine);
        foreach (var (activity, outputs) in run.State.Outputs)
            OutputsChanged(activity, outputs);
        _outputs.PreventExtensions();
        SetGlobal("outputs", _outputs);
    }

    /// <summary>
    /// Defines a global that scripts can read but not reassign or delete. The engine itself still
    /// replaces it (item and index change per iteration), and still adds properties to the
    /// non-extensible <c>vars</c> and <c>outputs</c> objects, through <see cref="JsonToJs.SetReadOnly"/>.
    /// </summary>
    private void SetGlobal(string name, JsValue value) =>
        JsonToJs.SetReadOnly(_engine.Global, name, value);

    public JsonNode? Evaluate(JavaScriptExpression expression, int scope)
    {
        SyncLoopItem(scope);
        try
        {
            return JsToJson.Convert(_engine.Evaluate(expression.Script));
        }
        catch (Exception exception)
            when (ScriptFailure.Describe(exception, _run.Options.ScriptLimits, _errorTypes)
                    is { } message
            )
        {
            throw new ScriptRuntimeException(message, exception);
        }
    }

    public void VariableChanged(string name, JsonNode? value) =>
        JsonToJs.SetReadOnly(_vars, name, JsonToJs.Convert(_engine, value));

    public void OutputsChanged(string activityId, Dictionary<string, JsonNode?> outputs)
    {
        var converted = new JsObject(_engine);
        foreach (var (name, value) in outputs)
            JsonToJs.SetReadOnly(converted, name, JsonToJs.Convert(_engine, value));
        converted.PreventExtensions();
        JsonToJs.SetReadOnly(_outputs, activityId, converted);
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
        SetGlobal(
            "item",
            loop is null ? JsValue.Undefined : JsonToJs.Convert(_engine, loop.Items[loop.Index])
        );
        SetGlobal("index", loop is null ? JsValue.Undefined : JsNumber.Create(index));
    }

    public void Dispose() => _engine.Dispose();
}

/// <summary>A script failed while running: the message says how, in words a flow author understands.</summary>
public sealed class ScriptRuntimeException(string message, Exception? inner)
    : Exception(message, inner);

internal static class ScriptFailure
{
    public static string? Describe(
        Exception exception,
        ScriptLimits limits,
        (string Name, JsValue Prototype)[] errorTypes
    ) =>
        exception switch
        {
            JavaScriptException js => $"JavaScript error: {What(js, errorTypes)}{Where(js)}",
            RegexMatchTimeoutException =>
                $"a regular expression ran longer than its limit of {limits.RegexTimeout.TotalSeconds:0.###} s",
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

    /// <summary>"TypeError: message" for the built-in error types; Jint leaves some messages empty.</summary>
    private static string What(
        JavaScriptException exception,
        (string Name, JsValue Prototype)[] errorTypes
    )
    {
        var name = BuiltInErrorName(exception.Error, errorTypes);
        if (name is null)
            return exception.Message;
        return string.IsNullOrEmpty(exception.Message) ? name : $"{name}: {exception.Message}";
    }

    /// <summary>
    /// The built-in error type the thrown value is a direct instance of, found by comparing prototypes
    /// so that no script code (getters, proxies) runs outside the script's limits.
    /// </summary>
    private static string? BuiltInErrorName(
        JsValue thrown,
        (string Name, JsValue Prototype)[] errorTypes
    )
    {
        if (thrown is not ErrorInstance error)
            return null;
        var prototype = error.Prototype;
        foreach (var (name, errorPrototype) in errorTypes)
            if (ReferenceEquals(prototype, errorPrototype))
                return name;
        return null;
    }

    private static string Where(JavaScriptException exception) =>
        exception.Location.Start.Line > 0
            ? $" (line {exception.Location.Start.Line}, column {exception.Location.Start.Column + 1})"
            : "";
}
