namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>
/// An object literal's value: its properties in source order (the compiler refuses literals whose order JavaScript
/// would change: array-index keys, repeated keys, <c>__proto__</c>).
/// </summary>
internal sealed class ScriptObject(MemberName[] names, object?[] values)
{
    public MemberName[] Names { get; } = names;
    public object?[] Values { get; } = values;

    public bool TryGet(string name, out object? value)
    {
        for (var i = 0; i < Names.Length; i++)
            if (string.Equals(Names[i].Text, name, StringComparison.Ordinal))
            {
                value = Values[i];
                return true;
            }
        value = null;
        return false;
    }
}
