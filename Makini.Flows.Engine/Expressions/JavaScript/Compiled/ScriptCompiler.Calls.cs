using Acornima.Ast;
using static Makini.Flows.Engine.Expressions.JavaScript.Compiled.ScriptValues;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

internal sealed partial class ScriptCompiler
{
    /// <summary>Array methods whose first argument is a function.</summary>
    private static readonly HashSet<string> CallbackMethods =
    [
        "map",
        "filter",
        "some",
        "every",
        "find",
        "findIndex",
        "findLast",
        "findLastIndex",
        "forEach",
        "flatMap",
        "reduce",
        "sort",
        "toSorted",
    ];

    /// <summary>Methods of strings, numbers and arrays called with values, and how many arguments they take at most.</summary>
    private static readonly Dictionary<string, int> ValueMethods = new()
    {
        ["toLowerCase"] = 0,
        ["toUpperCase"] = 0,
        ["trim"] = 0,
        ["trimStart"] = 0,
        ["trimEnd"] = 0,
        ["toString"] = 0,
        ["includes"] = 1,
        ["startsWith"] = 1,
        ["endsWith"] = 1,
        ["join"] = 1,
        ["slice"] = 2,
        ["at"] = 1,
        ["indexOf"] = 1,
        ["charAt"] = 1,
        ["padStart"] = 2,
        ["padEnd"] = 2,
        ["split"] = 1,
        ["substring"] = 2,
        ["replace"] = 2,
        ["push"] = int.MaxValue,
        ["pop"] = 0,
        ["shift"] = 0,
        ["toFixed"] = 1,
        ["add"] = 1,
        ["has"] = 1,
    };

    private Evaluator CompileCall(CallExpression call)
    {
        if (call.Optional)
            throw Unsupported();
        return call.Callee switch
        {
            Identifier { Name: "String" or "Number" or "Boolean" } callee
                when IsGlobal(callee.Name) => CompileConversion(callee.Name, call),
            Identifier { Name: "parseInt" } callee when IsGlobal(callee.Name) => CompileStaticCall(
                "Number",
                "parseInt",
                call
            ),
            Identifier callee when FindLocal(callee.Name) is { Function: { } function } =>
                CompileHelperCall(function, call),
            ArrowFunctionExpression or FunctionExpression => CompileHelperCall(
                CompileFunction((IFunction)call.Callee),
                call
            ),
            MemberExpression
            {
                Computed: false,
                Object: Identifier { Name: "Math" or "Object" or "Array" or "Number" } owner,
                Property: Identifier method
            } when IsGlobal(owner.Name) => CompileStaticCall(owner.Name, method.Name, call),
            MemberExpression { Computed: false, Property: Identifier method } member
                when CallbackMethods.Contains(method.Name) => CompileCallbackMethod(
                member,
                method.Name,
                call
            ),
            MemberExpression { Computed: false, Property: Identifier method } member
                when ValueMethods.ContainsKey(method.Name) => CompileValueMethod(
                member,
                method.Name,
                call
            ),
            _ => throw Unsupported(),
        };
    }

    /// <summary><c>String(x)</c>, <c>Number(x)</c>, <c>Boolean(x)</c>; further arguments are evaluated and ignored.</summary>
    private Evaluator CompileConversion(string name, CallExpression call)
    {
        var arguments = CompileArguments(call);
        if (arguments.Length == 0)
            return Constant(
                name switch
                {
                    "String" => "",
                    "Number" => 0d,
                    _ => False,
                }
            );
        var rest = arguments[1..];
        var first = arguments[0];
        return Conversion(
            name,
            frame =>
            {
                var value = first(frame);
                foreach (var argument in rest)
                    argument(frame);
                return value;
            }
        );
    }

    private static Evaluator Conversion(string name, Evaluator argument) =>
        name switch
        {
            "String" => frame => ToText(argument(frame)),
            "Number" => frame => ToNumber(argument(frame)),
            _ => frame => Box(ToBoolean(argument(frame))),
        };

    private Evaluator[] CompileArguments(CallExpression call)
    {
        var arguments = new Evaluator[call.Arguments.Count];
        for (var i = 0; i < arguments.Length; i++)
            arguments[i] =
                call.Arguments[i] is SpreadElement
                    ? throw Unsupported()
                    : CompileExpression(call.Arguments[i]);
        return arguments;
    }

    /// <summary>A call's arguments as one array: spread arguments (<c>Math.max(...values)</c>) contribute their elements.</summary>
    private Func<ScriptFrame, IReadOnlyList<object?>> CompileSpreadArguments(CallExpression call)
    {
        if (call.Arguments.All(a => a is not SpreadElement))
        {
            var plain = CompileArguments(call);
            return frame => Array.ConvertAll(plain, argument => argument(frame));
        }
        var list = CompileArrayElements(call.Arguments);
        return frame => list(frame);
    }

    private Evaluator CompileCallbackMethod(
        MemberExpression member,
        string method,
        CallExpression call
    )
    {
        var arity = method == "reduce" ? 2 : 1;
        var sorting = method is "sort" or "toSorted";
        if (call.Arguments.Count < (sorting ? 0 : 1) || call.Arguments.Count > arity)
            throw Unsupported();
        var target = CompileExpression(member.Object);
        var callback = call.Arguments.Count > 0 ? CompileCallback(call.Arguments[0]) : null;
        var initial = call.Arguments.Count > 1 ? CompileExpression(call.Arguments[1]) : null;
        var optional = member.Optional;
        return frame =>
        {
            var receiver = target(frame);
            if (receiver == ShortCircuit || (optional && IsNullish(receiver)))
                return ShortCircuit;
            return method switch
            {
                "reduce" => ArrayMethods.Reduce(
                    frame,
                    receiver,
                    callback!,
                    initial?.Invoke(frame),
                    initial is not null
                ),
                // sort changes the array: only one the script built (the run's are frozen)
                "sort" => ArraySorting.Sort(
                    frame,
                    receiver as ScriptArray ?? throw ScriptBailout.Instance,
                    callback
                ),
                "toSorted" => ArraySorting.Sort(frame, ArrayMethods.Copy(receiver), callback),
                _ => ArrayMethods.Call(frame, receiver, method, callback!),
            };
        };
    }

    private Evaluator CompileValueMethod(
        MemberExpression member,
        string method,
        CallExpression call
    )
    {
        var arguments = CompileArguments(call);
        if (
            arguments.Length > ValueMethods[method]
            || (method is "includes" or "startsWith" or "endsWith" && arguments.Length == 0)
        )
            throw Unsupported();
        var target = CompileExpression(member.Object);
        var optional = member.Optional;
        return frame =>
        {
            var receiver = target(frame);
            if (receiver == ShortCircuit || (optional && IsNullish(receiver)))
                return ShortCircuit;
            var values = arguments.Length == 0 ? [] : new object?[arguments.Length];
            for (var i = 0; i < values.Length; i++)
                values[i] = arguments[i](frame);
            var first = values.Length > 0 ? values[0] : Undefined;
            var second = values.Length > 1 ? values[1] : Undefined;
            return receiver switch
            {
                string text => StringMethods.Call(frame, text, method, first, second),
                double or bool when method == "toString" => ToText(receiver),
                ScriptSet set => ArrayMethods.SetMethod(set, method, first),
                double number when method == "toFixed" => NumberFormatting.ToFixed(number, first),
                ScriptArray array when method is "push" or "pop" or "shift" => ArrayMethods.Change(
                    frame,
                    array,
                    method,
                    values
                ),
                _ => ArrayMethods.Call(frame, receiver, method, first, second),
            };
        };
    }
}
