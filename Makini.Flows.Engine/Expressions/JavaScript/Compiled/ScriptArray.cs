namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>An array a compiled script built; it holds script values (undefined included) until the result is turned into JSON.</summary>
internal sealed class ScriptArray(int capacity) : List<object?>(capacity);
