namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>
/// An object literal's value: its properties in source order (the compiler refuses literals whose order JavaScript
/// would change: array-index keys, repeated keys, <c>__proto__</c>).
/// </summary>
internal sealed class ScriptObject(string[] names, object?[] values)
{
    public string[] Names { get; } = names;
    public object?[] Values { get; } = values;

    public bool TryGet(string name, out object? value)
    {
        var at = Array.IndexOf(Names, name);
        value = at < 0 ? null : Values[at];
        return at >= 0;
    }
}
