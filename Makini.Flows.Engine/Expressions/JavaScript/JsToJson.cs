using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using JsFunction = Jint.Native.Function.Function;

namespace Makini.Flows.Engine.Expressions.JavaScript;

/// <summary>Turns a script's result into JSON; functions, symbols and cycles are clear errors.</summary>
internal static class JsToJson
{
    private const int MaxDepth = 64;

    public static JsonNode? Convert(JsValue value, int maxNodes)
    {
        var budget = maxNodes;
        return Convert(value, 0, ref budget);
    }

    private static JsonNode? Convert(JsValue value, int depth, ref int budget)
    {
        if (--budget < 0)
            throw new ScriptRuntimeException(
                "the script's result is too large to turn into JSON (does it repeat shared values?)",
                null
            );
        if (depth > MaxDepth)
            throw new ScriptRuntimeException(
                $"the script's result nests deeper than {MaxDepth} levels (is it circular?)",
                null
            );
        switch (value)
        {
            case JsNull or JsUndefined:
                return null;
            case JsBoolean:
                return JsonValue.Create(value.AsBoolean());
            case JsNumber:
                var d = value.AsNumber();
                return double.IsFinite(d) ? JsonValue.Create(d) : null;
            case JsString text:
                return JsonValue.Create(text.ToString());
            case JsArray array:
                var items = new JsonArray();
                var length = array.Length;
                for (uint i = 0; i < length; i++)
                    items.Add(Convert(array.Get(i), depth + 1, ref budget));
                return items;
            case JsDate date:
                return JsonValue.Create(date.ToDateTime().ToUniversalTime().ToString("O"));
            case JsFunction:
                throw new ScriptRuntimeException(
                    "the script returned a function, which is not a JSON value",
                    null
                );
            case ObjectInstance obj:
                var result = new JsonObject();
                foreach (var key in obj.GetOwnPropertyKeys(Jint.Runtime.Types.String))
                {
                    var descriptor = obj.GetOwnProperty(key);
                    if (!descriptor.Enumerable)
                        continue;
                    // A plain object's data property has its value at hand; anything else is read as
                    // JSON.stringify would (getters and proxies run).
                    var item =
                        obj is JsObject && descriptor.IsDataDescriptor()
                            ? descriptor.Value
                            : obj.Get(key);
                    if (item is JsFunction or JsUndefined)
                        continue;
                    result[key.ToString()] = Convert(item, depth + 1, ref budget);
                }
                return result;
            default:
                throw new ScriptRuntimeException(
                    $"the script returned a {value.Type}, which is not a JSON value",
                    null
                );
        }
    }
}
