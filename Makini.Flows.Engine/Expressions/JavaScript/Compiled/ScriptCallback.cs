using System.Text.Json;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>An arrow function passed to an array method: its parameters' slots (element, index) and its body.</summary>
internal sealed class ScriptCallback(int[] parameters, Evaluator body)
{
    public object? Invoke(ScriptFrame frame, object? element, int index)
    {
        Enter(parameters, frame, element, index);
        return body(frame);
    }

    /// <summary>Binds the arguments of one call, counted against the evaluation's budget.</summary>
    public static void Enter(int[] parameters, ScriptFrame frame, object? element, int index)
    {
        frame.CountCallback();
        if (parameters.Length > 0)
            frame.Locals[parameters[0]] = element;
        if (parameters.Length > 1)
            frame.Locals[parameters[1]] = (double)index;
    }
}

/// <summary>The arrow function of a <c>map</c> whose result is only written: its body writes what it returns.</summary>
internal sealed class WritingCallback(int[] parameters, ValueWriter body)
{
    public void Write(
        ScriptFrame frame,
        Utf8JsonWriter writer,
        object? element,
        int index,
        int depth
    )
    {
        ScriptCallback.Enter(parameters, frame, element, index);
        body(frame, writer, depth, null);
    }
}
