using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Engine.Values;
using static Makini.Flows.Engine.Expressions.JavaScript.Compiled.ScriptValues;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>The array methods compiled scripts call, on arrays read from the run or built by the script.</summary>
internal static class ArrayMethods
{
    public static object? Call(
        ScriptFrame frame,
        object? receiver,
        string method,
        ScriptCallback callback
    )
    {
        var items = Items(receiver);
        switch (method)
        {
            case "map":
                var mapped = new ScriptArray(items.Count);
                for (var i = 0; i < items.Count; i++)
                    mapped.Add(callback.Invoke(frame, items[i], i));
                return mapped;
            case "filter":
                var kept = new ScriptArray(Math.Min(items.Count, 16));
                for (var i = 0; i < items.Count; i++)
                    if (ToBoolean(callback.Invoke(frame, items[i], i)))
                        kept.Add(items[i]);
                return kept;
            case "some":
                for (var i = 0; i < items.Count; i++)
                    if (ToBoolean(callback.Invoke(frame, items[i], i)))
                        return True;
                return False;
            case "every":
                for (var i = 0; i < items.Count; i++)
                    if (!ToBoolean(callback.Invoke(frame, items[i], i)))
                        return False;
                return True;
            case "find":
                for (var i = 0; i < items.Count; i++)
                    if (ToBoolean(callback.Invoke(frame, items[i], i)))
                        return items[i];
                return Undefined;
            case "findIndex":
                for (var i = 0; i < items.Count; i++)
                    if (ToBoolean(callback.Invoke(frame, items[i], i)))
                        return (double)i;
                return -1d;
            default:
                throw ScriptBailout.Instance;
        }
    }

    public static object Call(ScriptFrame frame, object? receiver, string method, object? argument)
    {
        var items = Items(receiver);
        switch (method)
        {
            case "includes":
                if (!IsPrimitive(argument))
                    throw ScriptBailout.Instance;
                foreach (var item in items)
                    if (IsPrimitive(item) && SameValueZero(item, argument))
                        return True;
                return False;
            case "join":
                var separator = argument == Undefined ? "," : ToText(argument);
                var text = new StringBuilder();
                for (var i = 0; i < items.Count; i++)
                {
                    if (i > 0)
                        text.Append(separator);
                    if (!IsNullish(items[i]))
                        text.Append(ToText(items[i]));
                }
                return frame.CountString(text.ToString());
            default:
                throw ScriptBailout.Instance;
        }
    }

    /// <summary>An array's elements as script values.</summary>
    public static IReadOnlyList<object?> Items(object? receiver) =>
        receiver switch
        {
            ScriptArray array => array,
            JsonArray array when ParsedJson.Of(array) is { } element => Items(element),
            JsonArray array => array.Select(ScriptValues.FromJson).ToArray(),
            JsonElement { ValueKind: JsonValueKind.Array } element => Items(element),
            _ => throw ScriptBailout.Instance,
        };

    private static object?[] Items(JsonElement array)
    {
        var items = new object?[array.GetArrayLength()];
        var i = 0;
        foreach (var element in array.EnumerateArray())
            items[i++] = JsonElements.Value(element);
        return items;
    }
}
