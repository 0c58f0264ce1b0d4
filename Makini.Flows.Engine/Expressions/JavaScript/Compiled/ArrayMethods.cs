using System.Text;
using System.Text.Json.Nodes;
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
        var count = Count(receiver);
        switch (method)
        {
            case "map":
                var mapped = new ScriptArray(count);
                for (var i = 0; i < count; i++)
                    mapped.Add(callback.Invoke(frame, Element(receiver, i), i));
                return mapped;
            case "filter":
                var kept = new ScriptArray(Math.Min(count, 16));
                for (var i = 0; i < count; i++)
                {
                    var element = Element(receiver, i);
                    if (ToBoolean(callback.Invoke(frame, element, i)))
                        kept.Add(element);
                }
                return kept;
            case "some":
                for (var i = 0; i < count; i++)
                    if (ToBoolean(callback.Invoke(frame, Element(receiver, i), i)))
                        return True;
                return False;
            case "every":
                for (var i = 0; i < count; i++)
                    if (!ToBoolean(callback.Invoke(frame, Element(receiver, i), i)))
                        return False;
                return True;
            case "find":
                for (var i = 0; i < count; i++)
                {
                    var element = Element(receiver, i);
                    if (ToBoolean(callback.Invoke(frame, element, i)))
                        return element;
                }
                return Undefined;
            case "findIndex":
                for (var i = 0; i < count; i++)
                    if (ToBoolean(callback.Invoke(frame, Element(receiver, i), i)))
                        return (double)i;
                return -1d;
            default:
                throw ScriptBailout.Instance;
        }
    }

    public static object Call(ScriptFrame frame, object? receiver, string method, object? argument)
    {
        var count = Count(receiver);
        switch (method)
        {
            case "includes":
                if (!IsPrimitive(argument))
                    throw ScriptBailout.Instance;
                for (var i = 0; i < count; i++)
                    if (
                        Element(receiver, i) is var element
                        && IsPrimitive(element)
                        && SameValueZero(element, argument)
                    )
                        return True;
                return False;
            case "join":
                var separator = argument == Undefined ? "," : ToText(argument);
                var text = new StringBuilder();
                for (var i = 0; i < count; i++)
                {
                    if (i > 0)
                        text.Append(separator);
                    var element = Element(receiver, i);
                    if (!IsNullish(element))
                        text.Append(ToText(element));
                }
                return frame.CountString(text.ToString());
            default:
                throw ScriptBailout.Instance;
        }
    }

    private static int Count(object? receiver) =>
        receiver switch
        {
            JsonArray array => array.Count,
            ScriptArray array => array.Count,
            _ => throw ScriptBailout.Instance,
        };

    private static object? Element(object? receiver, int index) =>
        receiver is JsonArray array ? FromJson(array[index]) : ((ScriptArray)receiver!)[index];
}
