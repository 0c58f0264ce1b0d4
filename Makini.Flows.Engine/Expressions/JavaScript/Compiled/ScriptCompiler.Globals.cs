using Acornima.Ast;
using static Makini.Flows.Engine.Expressions.JavaScript.Compiled.ScriptValues;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>Calls of the built-in namespaces: <c>Math.*</c>, <c>Object.*</c>, <c>Array.isArray</c>, <c>Number.isFinite</c>/<c>isInteger</c>.</summary>
internal sealed partial class ScriptCompiler
{
    private Evaluator CompileStaticCall(string owner, string method, CallExpression call)
    {
        var arguments = CompileSpreadArguments(call);
        Func<ScriptFrame, IReadOnlyList<object?>, object?> body = (owner, method) switch
        {
            ("Math", _) when ScriptMath.Has(method) => (_, values) =>
                ScriptMath.Call(method, values),
            ("Object", "keys" or "values" or "entries" or "fromEntries" or "assign") => (
                frame,
                values
            ) => ObjectMethods.Call(frame, method, values),
            ("Array", "isArray") => (_, values) => Box(ArrayMethods.IsArray(Argument(values, 0))),
            ("Array", "from") when call.Arguments.Count == 1 => (_, values) =>
                ArrayMethods.Copy(Argument(values, 0)),
            ("Number", "parseInt") => (_, values) =>
                IntegerParsing.ParseInt(Argument(values, 0), Argument(values, 1)),
            ("Number", "isFinite") => (_, values) =>
                Box(Argument(values, 0) is double d && double.IsFinite(d)),
            ("Number", "isInteger") => (_, values) =>
                Box(Argument(values, 0) is double d && double.IsFinite(d) && d == Math.Truncate(d)),
            _ => throw Unsupported(),
        };
        return frame => body(frame, arguments(frame));
    }

    /// <summary><c>new Set()</c>, <c>new Set(array)</c>.</summary>
    private Evaluator CompileNewSet(NewExpression creation)
    {
        if (creation.Arguments.Count > 1 || creation.Arguments.Any(a => a is SpreadElement))
            throw Unsupported();
        var source =
            creation.Arguments.Count == 1
                ? CompileExpression(creation.Arguments[0])
                : Constant(Undefined);
        return frame => ScriptSet.Of(frame, source(frame));
    }

    public static object? Argument(IReadOnlyList<object?> values, int index) =>
        index < values.Count ? values[index] : Undefined;
}
