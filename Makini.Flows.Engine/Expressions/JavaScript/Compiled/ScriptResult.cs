using System.Text.Json.Nodes;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>
/// Turns a compiled script's value into JSON exactly as <see cref="JsToJson"/> turns Jint's: undefined properties
/// left out, undefined elements and non-finite numbers as null, fresh nodes throughout (the run's own nodes are
/// never shared). Where JavaScript would order keys differently than JSON holds them, or a limit is passed, it
/// bails out so that Jint gives the answer or the error.
/// </summary>
internal static class ScriptResult
{
    private const int MaxDepth = 64;

    public static JsonNode? ToJson(object? value, int maxNodes)
    {
        var budget = maxNodes;
        return Convert(value, 0, ref budget);
    }

    private static JsonNode? Convert(object? value, int depth, ref int budget)
    {
        if (--budget < 0 || depth > MaxDepth)
            throw ScriptBailout.Instance;
        switch (value)
        {
            case null:
                return null;
            case bool b:
                return JsonValue.Create(b);
            case double d:
                return double.IsFinite(d) ? JsonValue.Create(d) : null;
            case string s:
                return JsonValue.Create(s);
            case JsonValue node:
                return Convert(ScriptValues.FromJson(node), depth, ref budget);
            case JsonArray array:
                var copied = new JsonArray();
                foreach (var item in array)
                    copied.Add(Convert(ScriptValues.FromJson(item), depth + 1, ref budget));
                return copied;
            case ScriptArray array:
                var built = new JsonArray();
                foreach (var item in array)
                    built.Add(Convert(item, depth + 1, ref budget));
                return built;
            case JsonObject obj:
                return Record(obj, depth, ref budget);
            case Dictionary<string, JsonNode?> record:
                return Record(record, depth, ref budget);
            case ScriptObject obj:
                var result = new JsonObject();
                for (var i = 0; i < obj.Names.Length; i++)
                    if (obj.Values[i] != ScriptValues.Undefined)
                        result[obj.Names[i]] = Convert(obj.Values[i], depth + 1, ref budget);
                return result;
            case OutputsView outputs:
                var all = new JsonObject();
                foreach (var node in outputs.Run.Plan.Nodes)
                    if (outputs.Run.State.Outputs.TryGetValue(node.Id, out var activity))
                        all[node.Id] = Record(activity, depth + 1, ref budget);
                return all;
            default:
                // undefined, or a cut-short optional chain
                return null;
        }
    }

    private static JsonObject Record(
        IEnumerable<KeyValuePair<string, JsonNode?>> properties,
        int depth,
        ref int budget
    )
    {
        var result = new JsonObject();
        foreach (var (name, node) in properties)
        {
            if (ScriptMembers.IsArrayIndexName(name))
                throw ScriptBailout.Instance;
            result[name] = Convert(ScriptValues.FromJson(node), depth + 1, ref budget);
        }
        return result;
    }
}
