using Jint;
using Jint.Constraints;
using Jint.Native;
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
            options.MaxStatements(limits.MaxStatements);
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
        var install = Engine.Evaluate(Prelude);
        Engine.Invoke(install, JsValue.Undefined, [JsNumber.Create(limits.MaxStringLength)]);
        FreezeFunction = Engine.Intrinsics.Object.Get("freeze");
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
