using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Engine.Values;
using static Makini.Flows.Engine.Expressions.JavaScript.Compiled.ScriptValues;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>
/// <c>Object.keys/values/entries/fromEntries/assign</c> and object spread, on objects read from the run or built
/// by the script. An object whose keys JavaScript would order otherwise than they are held (array indices) or
/// whose kind is not read here (the run's variables, outputs, strings) hands the evaluation over.
/// </summary>
internal static class ObjectMethods
{
    public static object Call(ScriptFrame frame, string method, IReadOnlyList<object?> values)
    {
        var first = ScriptCompiler.Argument(values, 0);
        switch (method)
        {
            case "keys":
            case "values":
            case "entries":
                var result = new ScriptArray(4);
                foreach (var (name, value) in Properties(Own(frame, first)))
                    result.Add(
                        method switch
                        {
                            "keys" => name,
                            "values" => value,
                            _ => new ScriptArray(2) { name, value },
                        }
                    );
                frame.CountElements(result.Count);
                return result;
            case "fromEntries":
                var built = new ScriptObject();
                foreach (var entry in ArrayMethods.Items(first))
                {
                    var pair = ArrayMethods.Items(entry);
                    var key = pair.Count > 0 ? pair[0] : Undefined;
                    if (!IsPrimitive(key))
                        throw ScriptBailout.Instance;
                    built.Set(ToText(key), pair.Count > 1 ? pair[1] : Undefined);
                }
                frame.CountElements(built.Count);
                return built;
            default:
                if (first is not ScriptObject target)
                    throw ScriptBailout.Instance;
                for (var i = 1; i < values.Count; i++)
                    CopyInto(frame, target, values[i]);
                return target;
        }
    }

    /// <summary>Objects as JavaScript holds them: a parsed object's repeated names hand over, as in <see cref="CopyInto"/>.</summary>
    private static object? Own(ScriptFrame frame, object? value)
    {
        if (value is ScriptObject || ArrayMethods.IsArray(value) || IsNullish(value))
            return value;
        var copy = new ScriptObject();
        CopyInto(frame, copy, value);
        return copy;
    }

    /// <summary>Copies a value's own properties into an object, as spread in an object literal and <c>Object.assign</c> do.</summary>
    public static void CopyInto(ScriptFrame frame, ScriptObject target, object? source)
    {
        if (IsNullish(source))
            return;
        var from = target.Count;
        if (source is ScriptObject obj)
            for (var i = 0; i < obj.Count; i++)
                target.Set(obj.NameAt(i), obj.ValueAt(i));
        else
            foreach (var (name, value) in Properties(source))
                target.Set(name, value, from);
        frame.CountElements(target.Count - from);
    }

    /// <summary>An object's own enumerable properties in JavaScript's order; an array's elements by index.</summary>
    private static IEnumerable<(string Name, object? Value)> Properties(object? value) =>
        value switch
        {
            ScriptObject obj => Listed(obj),
            JsonElement { ValueKind: JsonValueKind.Object } element => Parsed(element),
            JsonObject obj when ParsedJson.Of(obj) is { } element => Parsed(element),
            JsonObject obj => obj.Select(p => (Checked(p.Key), FromJson(p.Value))),
            ScriptArray or JsonArray or JsonElement { ValueKind: JsonValueKind.Array } =>
                ArrayMethods
                    .Items(value)
                    .Select(
                        (item, i) =>
                            (i.ToString(System.Globalization.CultureInfo.InvariantCulture), item)
                    ),
            double or bool or string { Length: 0 } => [],
            _ => throw ScriptBailout.Instance,
        };

    private static IEnumerable<(string, object?)> Listed(ScriptObject obj)
    {
        for (var i = 0; i < obj.Count; i++)
            yield return (obj.NameAt(i).Text, obj.ValueAt(i));
    }

    private static IEnumerable<(string, object?)> Parsed(JsonElement element)
    {
        foreach (var property in element.EnumerateObject())
            yield return (Checked(property.Name), JsonElements.Value(property.Value));
    }

    /// <summary>A name JavaScript would move ahead of the others (an array index) hands over.</summary>
    private static string Checked(string name) =>
        ScriptMembers.IsArrayIndexName(name) ? throw ScriptBailout.Instance : name;
}
