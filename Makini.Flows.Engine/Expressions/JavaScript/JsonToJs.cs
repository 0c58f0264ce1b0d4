using System.Text.Json;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;
using Makini.Flows.Engine.Values;
using JintEngine = Jint.Engine;

namespace Makini.Flows.Engine.Expressions.JavaScript;

/// <summary>
/// Builds read-only JavaScript values from JSON, without CLR interop: scripts see plain frozen objects
/// and arrays, so they can neither reach .NET nor change a value another script will read.
/// </summary>
internal static class JsonToJs
{
    /// <summary>
    /// Parsed JSON not yet turned into nodes (a request's body) is converted from its element: turning it into
    /// nodes first would cost a dictionary per object, for nothing.
    /// </summary>
    public static JsValue Convert(SandboxedEngine engine, JsonNode? node) =>
        node switch
        {
            null => JsValue.Null,
            JsonObject obj when ParsedJson.Of(obj) is { } element => Convert(engine, element),
            JsonArray array when ParsedJson.Of(array) is { } element => Convert(engine, element),
            JsonObject obj => ConvertObject(engine, obj),
            JsonArray array => ConvertArray(engine, array),
            JsonValue value => ConvertPrimitive(value),
            _ => JsValue.Undefined,
        };

    /// <summary>The same, straight from a parsed document (a record as stored), without building JSON nodes.</summary>
    public static JsValue Convert(SandboxedEngine engine, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var result = new JsObject(engine.Engine);
                foreach (var property in element.EnumerateObject())
                    SetReadOnly(result, property.Name, Convert(engine, property.Value));
                result.PreventExtensions();
                return result;
            case JsonValueKind.Array:
                var items = new JsValue[element.GetArrayLength()];
                var i = 0;
                foreach (var item in element.EnumerateArray())
                    items[i++] = Convert(engine, item);
                var array = new JsArray(engine.Engine, items);
                engine.FreezeFunction.Call(array);
                return array;
            case JsonValueKind.String:
                return new JsString(element.GetString()!);
            case JsonValueKind.Number:
                return JsNumber.Create(element.GetDouble());
            case JsonValueKind.True:
                return JsBoolean.True;
            case JsonValueKind.False:
                return JsBoolean.False;
            case JsonValueKind.Null:
                return JsValue.Null;
            default:
                return JsValue.Undefined;
        }
    }

    /// <summary>
    /// An object with only the properties named in <paramref name="names"/> (in the object's order, values as
    /// <see cref="Convert(SandboxedEngine, JsonElement)"/> makes them); anything but an object is converted whole.
    /// </summary>
    public static JsValue ConvertOnly(
        SandboxedEngine engine,
        JsonElement element,
        IReadOnlySet<string> names
    )
    {
        if (element.ValueKind != JsonValueKind.Object)
            return Convert(engine, element);
        var result = new JsObject(engine.Engine);
        foreach (var property in element.EnumerateObject())
            if (names.Contains(property.Name))
                SetReadOnly(result, property.Name, Convert(engine, property.Value));
        result.PreventExtensions();
        return result;
    }

    private static JsValue ConvertPrimitive(JsonValue value) =>
        value.GetValueKind() switch
        {
            JsonValueKind.String => new JsString(value.GetValue<string>()),
            JsonValueKind.Number => JsNumber.Create(Numbers.GetDouble(value)),
            JsonValueKind.True => JsBoolean.True,
            JsonValueKind.False => JsBoolean.False,
            _ => JsValue.Null,
        };

    private static JsValue ConvertObject(SandboxedEngine engine, JsonObject obj)
    {
        var result = new JsObject(engine.Engine);
        foreach (var (name, child) in obj)
            SetReadOnly(result, name, Convert(engine, child));
        result.PreventExtensions();
        return result;
    }

    private static JsValue ConvertArray(SandboxedEngine engine, JsonArray array)
    {
        var items = new JsValue[array.Count];
        for (var i = 0; i < items.Length; i++)
            items[i] = Convert(engine, array[i]);
        var result = new JsArray(engine.Engine, items);
        engine.FreezeFunction.Call(result);
        return result;
    }

    /// <summary>Sets a property scripts can read but not write, delete or redefine.</summary>
    public static void SetReadOnly(ObjectInstance target, string name, JsValue value) =>
        target.FastSetProperty(name, new PropertyDescriptor(value, PropertyFlag.Enumerable));
}
