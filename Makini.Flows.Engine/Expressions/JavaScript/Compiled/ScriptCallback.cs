namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>An arrow function passed to an array method: its parameters' slots (element, index) and its body.</summary>
internal sealed class ScriptCallback(int[] parameters, Evaluator body)
{
    public object? Invoke(ScriptFrame frame, object? element, int index)
    {
        frame.CountCallback();
        if (parameters.Length > 0)
            frame.Locals[parameters[0]] = element;
        if (parameters.Length > 1)
            frame.Locals[parameters[1]] = (double)index;
        return body(frame);
    }
}
