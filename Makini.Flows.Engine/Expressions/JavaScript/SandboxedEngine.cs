using Jint;
using Jint.Constraints;
using Jint.Native;
using Jint.Native.Object;
using JintEngine = Jint.Engine;

namespace Makini.Flows.Engine.Expressions.JavaScript;

/// <summary>
/// A Jint engine that cannot reach the CLR, compile strings (eval, Function), block, or run past its limits,
/// with its built-ins guarded and frozen (<see cref="SandboxPrelude"/>). Jint resets the limits at every call,
/// so each evaluation gets the full budget. Keeps each script's compiled function, so a script is turned
/// into a function once per engine.
/// </summary>
internal sealed class SandboxedEngine : IDisposable
{
    private const int MaxCachedFunctions = 4_096;
    private static readonly Prepared<Acornima.Ast.Script> Prelude = JintEngine.PrepareScript(
        SandboxPrelude.Source,
        SandboxPrelude.SourceName,
        strict: true
    );

    private readonly Dictionary<JavaScriptExpression, JsValue> _functions = [];

    // A deadline rather than Jint's TimeoutInterval: it runs only around user scripts, so building the sandbox
    // itself (tens of milliseconds) never counts against a script's time.
    private readonly OperationDeadlineConstraint _deadline = new();
    private readonly TimeSpan _timeout;

    public SandboxedEngine(ScriptLimits limits)
    {
        _timeout = limits.Timeout;
        Engine = new JintEngine(options =>
        {
            options.Constraint(_deadline);
            options.MaxStatements(int.MaxValue - 1); // lowered once the sandbox is built, below
            options.LimitMemory(limits.MaxMemoryBytes);
            options.LimitRecursion(limits.MaxRecursionDepth);
            options.RegexTimeoutInterval(limits.RegexTimeout);
            options.Constraints.MaxArraySize = limits.MaxArrayLength;
            options.Constraints.StackOverflowGuard = true;
            options.Constraints.PromiseTimeout = limits.Timeout;
            options.Json.MaxParseDepth = 64;
            options.Host.StringCompilationAllowed = false;
            options.Interop.Enabled = false;
            options.Strict = true;
            options.AgentCanSuspend = false;
        });
        // The built-in freeze, taken before the prelude guards it: values made from JSON are known to be plain
        // objects and arrays, so the guard's checks (and the exceptions they use) are not needed for them.
        FreezeFunction = Engine.Intrinsics.Object.Get("freeze");
        var install = Engine.Evaluate(Prelude);
        Engine.Invoke(install, JsValue.Undefined, [JsNumber.Create(limits.MaxStringLength)]);
        Engine.Constraints.Find<MaxStatementsConstraint>()!.MaxStatements = limits.MaxStatements;
        _errorPrototypes = ErrorTypeNames
            .Select(name => (name, Engine.Global.Get(name).Get("prototype")))
            .ToArray();
    }

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

    private readonly (string Name, JsValue Prototype)[] _errorPrototypes;

    /// <summary>
    /// The built-in type of a thrown error (TypeError...), found by its prototype, so a script cannot make a
    /// message look like something else by faking a constructor name.
    /// </summary>
    public string? ErrorTypeOf(JsValue error)
    {
        if (error is not ObjectInstance instance)
            return null;
        var prototype = instance.Prototype;
        foreach (var (name, errorPrototype) in _errorPrototypes)
            if (ReferenceEquals(prototype, errorPrototype))
                return name;
        return null;
    }

    public JintEngine Engine { get; }

    public JsValue FreezeFunction { get; }

    public JsValue Call(
        JavaScriptExpression expression,
        JsValue[] arguments,
        CancellationToken cancellationToken
    )
    {
        var function = FunctionOf(expression);
        _deadline.Begin(_timeout, cancellationToken);
        try
        {
            return Engine.Invoke(function, JsValue.Undefined, arguments);
        }
        finally
        {
            _deadline.End();
        }
    }

    private JsValue FunctionOf(JavaScriptExpression expression)
    {
        if (_functions.TryGetValue(expression, out var function))
            return function;
        if (_functions.Count >= MaxCachedFunctions)
            _functions.Clear();
        function = Engine.Evaluate(expression.Function);
        _functions[expression] = function;
        return function;
    }

    public void Dispose() => Engine.Dispose();
}
