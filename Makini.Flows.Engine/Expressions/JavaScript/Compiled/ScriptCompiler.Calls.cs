using Acornima.Ast;
using static Makini.Flows.Engine.Expressions.JavaScript.Compiled.ScriptValues;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

internal sealed partial class ScriptCompiler
{
    private static readonly HashSet<string> CallbackMethods =
    [
        "map",
        "filter",
        "some",
        "every",
        "find",
        "findIndex",
    ];

    private static readonly HashSet<string> ValueMethods =
    [
        "toLowerCase",
        "toUpperCase",
        "trim",
        "trimStart",
        "trimEnd",
        "toString",
        "includes",
        "startsWith",
        "endsWith",
        "join",
    ];

    private Evaluator CompileCall(CallExpression call)
    {
        if (call.Optional)
            throw Unsupported();
        return call.Callee switch
        {
            Identifier { Name: "String" or "Number" or "Boolean" } callee
                when IsGlobal(callee.Name) => CompileConversion(callee.Name, call),
            MemberExpression { Computed: false, Property: Identifier method } member
                when CallbackMethods.Contains(method.Name) => CompileCallbackMethod(
                member,
                method.Name,
                call
            ),
            MemberExpression { Computed: false, Property: Identifier method } member
                when ValueMethods.Contains(method.Name) => CompileValueMethod(
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
        var first = arguments.Length > 0 ? arguments[0] : null;
        Func<object?, object> convert = name switch
        {
            "String" => value => ToText(value),
            "Number" => value => ToNumber(value),
            _ => value => Box(ToBoolean(value)),
        };
        var none = name switch
        {
            "String" => (object)"",
            "Number" => 0d,
            _ => False,
        };
        return frame =>
        {
            if (first is null)
                return none;
            var value = first(frame);
            for (var i = 1; i < arguments.Length; i++)
                arguments[i](frame);
            return convert(value);
        };
    }

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

    private Evaluator CompileCallbackMethod(
        MemberExpression member,
        string method,
        CallExpression call
    )
    {
        if (call.Arguments.Count != 1 || call.Arguments[0] is not ArrowFunctionExpression arrow)
            throw Unsupported();
        var target = CompileExpression(member.Object);
        var (parameters, body) = CompileArrow(arrow, CompileExpression);
        var callback = new ScriptCallback(parameters, body);
        var optional = member.Optional;
        return frame =>
        {
            var receiver = target(frame);
            if (receiver == ShortCircuit || (optional && IsNullish(receiver)))
                return ShortCircuit;
            return ArrayMethods.Call(frame, receiver, method, callback);
        };
    }

    /// <summary>An arrow function's parameter slots and its body, compiled by <paramref name="compileBody"/>.</summary>
    private (int[] Parameters, T Body) CompileArrow<T>(
        ArrowFunctionExpression arrow,
        Func<Node, T> compileBody
    )
    {
        if (arrow.Async || arrow.Params.Count > 2)
            throw Unsupported();
        var scope = PushScope();
        var slots = new int[arrow.Params.Count];
        for (var i = 0; i < slots.Length; i++)
        {
            if (arrow.Params[i] is not Identifier parameter || scope.ContainsKey(parameter.Name))
                throw Unsupported();
            slots[i] = _slots++;
            scope[parameter.Name] = slots[i];
        }
        var body = arrow.Body switch
        {
            Expression expression => compileBody(expression),
            BlockStatement { Body: [ReturnStatement { Argument: { } argument }] } => compileBody(
                argument
            ),
            _ => throw Unsupported(),
        };
        _scopes.RemoveAt(_scopes.Count - 1);
        return (slots, body);
    }

    private Evaluator CompileValueMethod(
        MemberExpression member,
        string method,
        CallExpression call
    )
    {
        var arguments = CompileArguments(call);
        var expected = method is "includes" or "startsWith" or "endsWith" or "join" ? 1 : 0;
        if (
            arguments.Length > expected
            || (method is "includes" or "startsWith" or "endsWith" && arguments.Length == 0)
        )
            throw Unsupported();
        var target = CompileExpression(member.Object);
        var argument = arguments.Length > 0 ? arguments[0] : null;
        var optional = member.Optional;
        return frame =>
        {
            var receiver = target(frame);
            if (receiver == ShortCircuit || (optional && IsNullish(receiver)))
                return ShortCircuit;
            var value = argument is null ? Undefined : argument(frame);
            return receiver switch
            {
                string text => StringMethods.Call(frame, text, method, value),
                double or bool when method == "toString" => ToText(receiver),
                _ => ArrayMethods.Call(frame, receiver, method, value),
            };
        };
    }
}
