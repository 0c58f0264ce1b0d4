namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>
/// An array a compiled script built; it holds script values (undefined included) until the result is turned into
/// JSON. <see cref="Changes"/> counts changes after it was built (<c>push</c>, <c>pop</c>, <c>shift</c>,
/// <c>sort</c>), so that an array method can tell that its callback changed the array it walks.
/// </summary>
internal sealed class ScriptArray(int capacity) : List<object?>(capacity)
{
    public int Changes { get; private set; }

    public void Changed() => Changes++;
}
