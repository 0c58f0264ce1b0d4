using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Engine.Values;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>
/// Property reads as JavaScript does them on the values compiled scripts hold. Own data properties are read
/// directly; a name JavaScript would find on a prototype (<c>toString</c>, an array's <c>map</c> used as a value...)
/// bails out, as does reading a property of null or undefined (a TypeError, which Jint reports).
/// </summary>
internal static class ScriptMembers
{
    private static readonly HashSet<string> ObjectPrototypeNames =
    [
        "constructor",
        "hasOwnProperty",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "toLocaleString",
        "toString",
        "valueOf",
        "__proto__",
        "__defineGetter__",
        "__defineSetter__",
        "__lookupGetter__",
        "__lookupSetter__",
    ];

    public static object? Get(object? target, string name) =>
        target switch
        {
            JsonObject obj when ParsedJson.Of(obj) is { } element => Get(element, name),
            JsonObject obj => obj.TryGetPropertyValue(name, out var node)
                ? ScriptValues.FromJson(node)
                : Missing(name),
            JsonArray array when ParsedJson.Of(array) is { } element => Get(element, name),
            JsonArray array => ElementAt(array.Count, name, out var other) is var i and >= 0
                ? ScriptValues.FromJson(array[i])
                : other,
            JsonElement element => Get(element, name),
            ScriptArray array => ElementAt(array.Count, name, out var other) is var i and >= 0
                ? array[i]
                : other,
            ScriptObject obj => obj.TryGet(name, out var value) ? value : Missing(name),
            string text => ElementAt(text.Length, name, out var other) is var i and >= 0
                ? text[i].ToString()
                : other,
            Dictionary<string, JsonNode?> record => record.TryGetValue(name, out var node)
                ? ScriptValues.FromJson(node)
                : Missing(name),
            OutputsView outputs => Output(outputs, name),
            ScriptSet set when name == "size" => (double)set.Items.Count,
            _ => throw ScriptBailout.Instance,
        };

    /// <summary>A name written in the script: parsed objects look it up by its UTF-8 bytes.</summary>
    public static object? Get(object? target, MemberName name) =>
        ParsedObject(target) is { } parsed
            ? parsed.TryGetProperty(name.Utf8, out var property)
                ? JsonElements.Value(property)
                : Missing(name.Text)
            : Get(target, name.Text);

    /// <summary>The element a parsed object holds under the name, or null (not a parsed object, or no such property).</summary>
    public static JsonElement? ParsedProperty(object? target, MemberName name) =>
        ParsedObject(target) is { } parsed && parsed.TryGetProperty(name.Utf8, out var property)
            ? property
            : null;

    private static JsonElement? ParsedObject(object? target) =>
        target switch
        {
            JsonElement { ValueKind: JsonValueKind.Object } parsed => parsed,
            JsonObject obj when ParsedJson.Of(obj) is { } parsed => parsed,
            _ => null,
        };

    private static object? Get(JsonElement element, string name)
    {
        if (element.ValueKind == JsonValueKind.Object)
            return element.TryGetProperty(name, out var property)
                ? JsonElements.Value(property)
                : Missing(name);
        return ElementAt(element.GetArrayLength(), name, out var other) is var i and >= 0
            ? JsonElements.Value(element[i])
            : other;
    }

    /// <summary>A computed member: <c>target[key]</c>.</summary>
    public static object? Get(object? target, object? key) =>
        key switch
        {
            string name => Get(target, name),
            double index
                when IsIndex(index)
                    && target is JsonArray or ScriptArray or string or JsonElement => Get(
                target,
                ((int)index).ToString(System.Globalization.CultureInfo.InvariantCulture)
            ),
            double or bool or null => Get(target, ScriptValues.ToText(key)),
            _ when key == ScriptValues.Undefined => Get(target, "undefined"),
            _ => throw ScriptBailout.Instance,
        };

    private static bool IsIndex(double value) =>
        value >= 0 && value < int.MaxValue && value == Math.Floor(value);

    private static object? Missing(string name) =>
        ObjectPrototypeNames.Contains(name) ? throw ScriptBailout.Instance : ScriptValues.Undefined;

    /// <summary>The element index a name reads, or -1 with the value read instead (the length, or undefined past the end).</summary>
    private static int ElementAt(int length, string name, out object? other)
    {
        other = ScriptValues.Undefined;
        if (name == "length")
        {
            other = (double)length;
            return -1;
        }
        if (TryParseIndex(name, out var index))
            return index < length ? index : -1;
        throw ScriptBailout.Instance;
    }

    /// <summary>A canonical array index ("0", "17"; not "01", "-1" or "1.0").</summary>
    private static bool TryParseIndex(string name, out int index)
    {
        index = 0;
        if (name.Length == 0 || name.Length > 9 || (name[0] == '0' && name.Length > 1))
            return false;
        foreach (var c in name)
        {
            if (c is < '0' or > '9')
                return false;
            index = index * 10 + (c - '0');
        }
        return true;
    }

    public static bool IsArrayIndexName(string name) =>
        TryParseIndex(name, out _) || name.Length > 9 && name.All(char.IsAsciiDigit);

    private static object? Output(OutputsView view, string name)
    {
        if (view.Run.State.Outputs.TryGetValue(name, out var outputs))
            return outputs;
        return view.Run.Plan.Nodes.Any(n => n.Id == name) ? ScriptValues.Undefined : Missing(name);
    }
}
