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
    private readonly int _maxRuns;
    private readonly JsValue _symbolRegistryUsed;
    private int _runs;
    private bool _interrupted;

    public SandboxedEngine(ScriptLimits limits)
    {
        _timeout = limits.Timeout;
        _maxRuns = limits.MaxRunsPerEngine;
        Engine = new JintEngine(options =>
        {
            options.Constraint(_deadline);
            options.MaxStatements(int.MaxValue - 1); // lowered once the sandbox is built, below
            options.LimitMemory(limits.MaxMemoryBytes);
            options.LimitRecursion(limits.MaxRecursionDepth);
            options.RegexTimeoutInterval(limits.EffectiveRegexTimeout);
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
        _symbolRegistryUsed = Engine.Invoke(
            install,
            JsValue.Undefined,
            [
                JsNumber.Create(Math.Min(limits.MaxStringLength, limits.MaxMemoryBytes / 2)),
                JsNumber.Create(limits.MaxArrayLength),
                JsNumber.Create(limits.MaxRegexInputLength),
            ]
        );
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

    /// <summary>
    /// Whether the engine may serve another run: not after an evaluation was cut short (its state may be half
    /// changed), once <c>Symbol.for</c> registered keys (they stay for the engine's life), nor after
    /// <see cref="ScriptLimits.MaxRunsPerEngine"/> runs.
    /// </summary>
    public bool CanServeAnotherRun =>
        !_interrupted && _runs < _maxRuns && !_symbolRegistryUsed.Call().AsBoolean();

    /// <summary>Counts a run that is about to use the engine.</summary>
    public void BeginRun() => _runs++;

    /// <summary>
    /// Calls the script's function, then runs the promise jobs it queued under the same limits, so no job of
    /// one run is left to run inside the next one.
    /// </summary>
    public JsValue Call(
        JavaScriptExpression expression,
        JsValue[] arguments,
        CancellationToken cancellationToken
    )
    {
        _deadline.Begin(_timeout, cancellationToken);
        try
        {
            var result = Engine.Invoke(FunctionOf(expression), JsValue.Undefined, arguments);
            Engine.Advanced.ProcessTasks();
            return result;
        }
        catch
        {
            _interrupted = true;
            throw;
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
