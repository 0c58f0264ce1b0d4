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
                    mapped.Add(Invoke(frame, callback, items, i, receiver));
                return mapped;
            case "filter":
                var kept = new ScriptArray(Math.Min(items.Count, 16));
                for (var i = 0; i < items.Count; i++)
                    if (ToBoolean(Invoke(frame, callback, items, i, receiver)))
                        kept.Add(items[i]);
                return kept;
            case "flatMap":
                var flat = new ScriptArray(items.Count);
                for (var i = 0; i < items.Count; i++)
                {
                    var value = Invoke(frame, callback, items, i, receiver);
                    if (IsArray(value))
                        flat.AddRange(Items(value));
                    else
                        flat.Add(value);
                }
                frame.CountElements(flat.Count);
                return flat;
            case "forEach":
                for (var i = 0; i < items.Count; i++)
                    Invoke(frame, callback, items, i, receiver);
                return Undefined;
            case "some":
                return Box(IndexWhere(frame, items, receiver, callback, true, false) >= 0);
            case "every":
                return Box(IndexWhere(frame, items, receiver, callback, false, false) < 0);
            case "find" or "findLast":
                var found = IndexWhere(
                    frame,
                    items,
                    receiver,
                    callback,
                    true,
                    method == "findLast"
                );
                return found >= 0 ? items[found] : Undefined;
            default: // findIndex, findLastIndex
                return (double)IndexWhere(
                    frame,
                    items,
                    receiver,
                    callback,
                    true,
                    method == "findLastIndex"
                );
        }
    }

    /// <summary>Calls the callback on one element; a callback that changed the array it walks hands over.</summary>
    private static object? Invoke(
        ScriptFrame frame,
        ScriptCallback callback,
        IReadOnlyList<object?> items,
        int index,
        object? receiver
    )
    {
        var changes = (receiver as ScriptArray)?.Changes;
        var result = callback.Invoke(frame, items[index], index, receiver);
        Unchanged(receiver, changes);
        return result;
    }

    /// <summary>
    /// JavaScript's array methods take the length once and read each element as they reach it, which a copy
    /// or a live list would both get wrong once a callback changes the array: such an evaluation hands over.
    /// </summary>
    public static void Unchanged(object? receiver, int? changes)
    {
        if (receiver is ScriptArray array && array.Changes != changes)
            throw ScriptBailout.Instance;
    }

    /// <summary>The index of the first (or last) element the callback's truthiness matches, or -1.</summary>
    private static int IndexWhere(
        ScriptFrame frame,
        IReadOnlyList<object?> items,
        object? receiver,
        ScriptCallback callback,
        bool truthy,
        bool last
    )
    {
        for (var n = 0; n < items.Count; n++)
        {
            var i = last ? items.Count - 1 - n : n;
            if (ToBoolean(Invoke(frame, callback, items, i, receiver)) == truthy)
                return i;
        }
        return -1;
    }

    /// <summary><c>reduce</c>: without an initial value the first element starts (an empty array then throws, in Jint).</summary>
    public static object? Reduce(
        ScriptFrame frame,
        object? receiver,
        ScriptCallback callback,
        object? initial,
        bool hasInitial
    )
    {
        var items = Items(receiver);
        var start = 0;
        if (!hasInitial)
        {
            if (items.Count == 0)
                throw ScriptBailout.Instance;
            initial = items[0];
            start = 1;
        }
        var accumulator = initial;
        var changes = (receiver as ScriptArray)?.Changes;
        for (var i = start; i < items.Count; i++)
        {
            accumulator = callback.Call(frame, accumulator, items[i], (double)i);
            Unchanged(receiver, changes);
        }
        return accumulator;
    }

    /// <summary><c>push</c> (returns the new length), <c>pop</c> and <c>shift</c> on an array the script built (the run's arrays are frozen).</summary>
    public static object? Change(
        ScriptFrame frame,
        ScriptArray array,
        string method,
        object?[] values
    )
    {
        array.Changed();
        if (method == "push")
        {
            frame.CountElements(values.Length);
            array.AddRange(values);
            return (double)array.Count;
        }
        if (array.Count == 0)
            return Undefined;
        var index = method == "pop" ? array.Count - 1 : 0;
        var removed = array[index];
        array.RemoveAt(index);
        return removed;
    }

    public static object Call(
        ScriptFrame frame,
        object? receiver,
        string method,
        object? argument,
        object? second
    )
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
            case "indexOf":
                if (!IsPrimitive(argument))
                    throw ScriptBailout.Instance;
                for (var i = 0; i < items.Count; i++)
                    if (IsPrimitive(items[i]) && StrictEquals(items[i], argument))
                        return (double)i;
                return -1d;
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
            case "slice":
                var start = Indices.Relative(argument, items.Count, 0);
                var end = Indices.Relative(second, items.Count, items.Count);
                var slice = new ScriptArray(Math.Max(end - start, 0));
                for (var i = start; i < end; i++)
                    slice.Add(items[i]);
                return slice;
            case "at":
                var at = Indices.Integer(argument);
                if (at < 0)
                    at += items.Count;
                return at >= 0 && at < items.Count ? items[(int)at]! : Undefined;
            default:
                throw ScriptBailout.Instance;
        }
    }

    /// <summary>A new array of the same elements.</summary>
    public static ScriptArray Copy(object? receiver)
    {
        var items = Items(receiver);
        var copy = new ScriptArray(items.Count);
        copy.AddRange(items);
        return copy;
    }

    /// <summary><c>add</c>, <c>has</c> on a set the script built.</summary>
    public static object SetMethod(ScriptSet set, string method, object? value) =>
        method switch
        {
            "add" => set.Add(value),
            "has" => Box(set.Has(value)),
            _ => throw ScriptBailout.Instance,
        };

    public static bool IsArray(object? value) =>
        value is ScriptArray or JsonArray or JsonElement { ValueKind: JsonValueKind.Array };

    /// <summary>An array's elements as script values.</summary>
    public static IReadOnlyList<object?> Items(object? receiver) =>
        receiver switch
        {
            ScriptArray array => array,
            ScriptSet set => set.Items,
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
