using System.Text.Json;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>Binds one argument of a call (a plain parameter, a destructuring pattern, a default).</summary>
internal delegate void Binding(ScriptFrame frame, object? value);

/// <summary>
/// A compiled function: an arrow passed to an array method, or a helper a <c>const</c> or <c>function</c>
/// declaration names. Its parameters and locals live in the evaluation's frame; the compiler lets a function call
/// only functions declared before it, so a function is never running twice at once and never recurses.
/// </summary>
internal sealed class ScriptCallback(Binding[] parameters, Evaluator body)
{
    public const int MaxParameters = 3;

    /// <summary>An array method's call: the element, its index and the array.</summary>
    public object? Invoke(ScriptFrame frame, object? element, int index, object? array)
    {
        Enter(parameters, frame, element, index, array);
        return body(frame);
    }

    /// <summary>A call with its arguments (undefined where fewer are given).</summary>
    public object? Call(ScriptFrame frame, object? first, object? second, object? third)
    {
        frame.CountCallback();
        if (parameters.Length > 0)
            parameters[0](frame, first);
        if (parameters.Length > 1)
            parameters[1](frame, second);
        if (parameters.Length > 2)
            parameters[2](frame, third);
        return body(frame);
    }

    /// <summary>Binds the arguments of an array method's call, counted against the evaluation's budget.</summary>
    public static void Enter(
        Binding[] parameters,
        ScriptFrame frame,
        object? element,
        int index,
        object? array
    )
    {
        frame.CountCallback();
        if (parameters.Length > 0)
            parameters[0](frame, element);
        if (parameters.Length > 1)
            parameters[1](frame, (double)index);
        if (parameters.Length > 2)
            parameters[2](frame, array);
    }
}

/// <summary>The arrow function of a <c>map</c> whose result is only written: its body writes what it returns.</summary>
internal sealed class WritingCallback(Binding[] parameters, ValueWriter body)
{
    public void Write(
        ScriptFrame frame,
        Utf8JsonWriter writer,
        object? element,
        int index,
        object? array,
        int depth
    )
    {
        ScriptCallback.Enter(parameters, frame, element, index, array);
        body(frame, writer, depth, null);
    }
}
