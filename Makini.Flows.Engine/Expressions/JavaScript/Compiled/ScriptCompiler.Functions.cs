using Acornima.Ast;
using static Makini.Flows.Engine.Expressions.JavaScript.Compiled.ScriptValues;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>
/// Functions (arrows, function expressions and declarations of up to three parameters) and the bindings of
/// parameters and declarations: plain names, object and array destructuring, defaults, array rest elements.
/// </summary>
internal sealed partial class ScriptCompiler
{
    private ScriptCallback CompileFunction(IFunction function)
    {
        var (parameters, body) = CompileFunction(function, CompileFunctionBody);
        return new ScriptCallback(parameters, body);
    }

    /// <summary>A function's parameter bindings and its body, compiled by <paramref name="compileBody"/>.</summary>
    private (Binding[] Parameters, T Body) CompileFunction<T>(
        IFunction function,
        Func<Node, T> compileBody
    )
    {
        if (
            function.Async
            || function.Generator
            || function.Params.Count > ScriptCallback.MaxParameters
        )
            throw Unsupported();
        PushScope(function.Params.SelectMany(BoundNames));
        var parameters = function.Params.Select(p => CompileBinding(p, mutable: true)).ToArray();
        var body = compileBody(
            function.Body is BlockStatement { Body: [ReturnStatement { Argument: { } result }] }
                ? result
                : function.Body
        );
        PopScope();
        return (parameters, body);
    }

    /// <summary>An expression body gives its value; a block gives what its <c>return</c> gives, or undefined.</summary>
    private Evaluator CompileFunctionBody(Node body)
    {
        if (body is not BlockStatement block)
            return CompileExpression(body);
        var statements = CompileBlock(block.Body);
        return frame => statements(frame) == Completion.Return ? frame.Returned : Undefined;
    }

    /// <summary>A function given as an argument: an arrow or function expression, or the name of a helper.</summary>
    private ScriptCallback CompileCallback(Node argument) =>
        argument switch
        {
            ArrowFunctionExpression or FunctionExpression => CompileFunction((IFunction)argument),
            Identifier name when FindLocal(name.Name) is { Function: { } function } => function,
            Identifier { Name: "String" or "Number" or "Boolean" } name when IsGlobal(name.Name) =>
                ConversionCallback(name.Name),
            _ => throw Unsupported(),
        };

    /// <summary><c>filter(Boolean)</c>, <c>map(Number)</c>, <c>map(String)</c>: the conversion of the first argument.</summary>
    private ScriptCallback ConversionCallback(string name)
    {
        var slot = _slots++;
        Evaluator read = frame => frame.Locals[slot];
        return new ScriptCallback([BindSlot(slot)], Conversion(name, read));
    }

    /// <summary>Binds a declared name, or the names of a destructuring pattern, to a value.</summary>
    private Binding CompileBinding(Node target, bool mutable) =>
        target switch
        {
            Identifier name => BindSlot(Declare(name.Name, mutable)),
            AssignmentPattern assignment => CompileDefault(assignment, mutable),
            ObjectPattern obj => CompileObjectPattern(obj, mutable),
            ArrayPattern array => CompileArrayPattern(array, mutable),
            _ => throw Unsupported(),
        };

    private static Binding BindSlot(int slot) => (frame, value) => frame.Locals[slot] = value;

    private Binding CompileDefault(AssignmentPattern assignment, bool mutable)
    {
        var fallback = CompileExpression(assignment.Right);
        var bind = CompileBinding(assignment.Left, mutable);
        return (frame, value) => bind(frame, value == Undefined ? fallback(frame) : value);
    }

    private Binding CompileObjectPattern(ObjectPattern pattern, bool mutable)
    {
        var names = new MemberName[pattern.Properties.Count];
        var binds = new Binding[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            if (pattern.Properties[i] is not Property { Computed: false } property)
                throw Unsupported();
            names[i] = MemberName.TryCreate(PropertyName(property.Key)) ?? throw Unsupported();
            binds[i] = CompileBinding(property.Value, mutable);
        }
        return (frame, value) =>
        {
            if (IsNullish(value))
                throw ScriptBailout.Instance;
            for (var i = 0; i < names.Length; i++)
                binds[i](frame, ScriptMembers.Get(value, names[i]));
        };
    }

    private static string PropertyName(Node key) =>
        key switch
        {
            Identifier identifier => identifier.Name,
            StringLiteral text => text.Value,
            _ => throw Unsupported(),
        };

    /// <summary>Array destructuring of arrays (a string's iterator walks code points, and other iterables are not compiled).</summary>
    private Binding CompileArrayPattern(ArrayPattern pattern, bool mutable)
    {
        var binds = new Binding?[pattern.Elements.Count];
        Binding? rest = null;
        for (var i = 0; i < binds.Length; i++)
            switch (pattern.Elements[i])
            {
                case null:
                    break;
                case RestElement element when i == binds.Length - 1:
                    rest = CompileBinding(element.Argument, mutable);
                    Array.Resize(ref binds, i);
                    break;
                case var element:
                    binds[i] = CompileBinding(element, mutable);
                    break;
            }
        return (frame, value) =>
        {
            var items = ArrayMethods.Items(value);
            for (var i = 0; i < binds.Length; i++)
                binds[i]?.Invoke(frame, i < items.Count ? items[i] : Undefined);
            if (rest is not null)
            {
                var remaining = new ScriptArray(Math.Max(items.Count - binds.Length, 0));
                for (var i = binds.Length; i < items.Count; i++)
                    remaining.Add(items[i]);
                rest(frame, remaining);
            }
        };
    }

    /// <summary>A call of a helper function by its name; extra arguments are evaluated and ignored.</summary>
    private Evaluator CompileHelperCall(ScriptCallback function, CallExpression call)
    {
        var arguments = CompileArguments(call);
        var first = arguments.Length > 0 ? arguments[0] : Constant(Undefined);
        var second = arguments.Length > 1 ? arguments[1] : Constant(Undefined);
        var third = arguments.Length > 2 ? arguments[2] : Constant(Undefined);
        var extra = arguments.Skip(3).ToArray();
        return frame =>
        {
            var (a, b, c) = (first(frame), second(frame), third(frame));
            foreach (var argument in extra)
                argument(frame);
            return function.Call(frame, a, b, c);
        };
    }
}
