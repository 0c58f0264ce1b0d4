using System.Text;
using System.Text.Json.Nodes;

namespace Makini.Flows.Hostile.Tests.Fuzz;

/// <summary>
/// Mutates a JSON document the way careless clients and attackers do: values replaced by hostile ones, properties
/// dropped or added, nulls in arrays, deep wrapping; then, now and then, the text itself broken: a byte-order
/// mark, a repeated key, truncation, a byte that is not UTF-8, a raw control character, trailing garbage.
/// </summary>
public static class JsonMutator
{
    private const string Mark = "@@fuzz";

    public static byte[] Mutate(string json, FuzzBudget budget)
    {
        var root = JsonNode.Parse(json)!;
        var raw = new List<string>();
        var changes = 1 + budget.Random.Next(3);
        for (var i = 0; i < changes; i++)
            root = MutateTree(root, budget, raw);
        var text = root.ToJsonString();
        for (var i = 0; i < raw.Count; i++)
            text = text.Replace($"\"{Mark}{i}@@\"", raw[i]);
        var bytes = Encoding.UTF8.GetBytes(text);
        return budget.Chance(0.25) ? BreakText(bytes, budget) : bytes;
    }

    private static JsonNode MutateTree(JsonNode root, FuzzBudget budget, List<string> raw)
    {
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var target = budget.Pick(nodes);
        string Placeholder(string text)
        {
            raw.Add(text);
            return $"{Mark}{raw.Count - 1}@@";
        }
        JsonNode Hostile() => JsonValue.Create(Placeholder(budget.Pick(HostileJson.Values)));
        switch (budget.Random.Next(6))
        {
            case 0 when target.Parent is not null:
                Replace(target, Hostile());
                break;
            case 1 when target is JsonObject { Count: > 0 } removeFrom:
                removeFrom.Remove(budget.Pick(removeFrom.Select(p => p.Key).ToList()));
                break;
            case 2 when target is JsonObject addTo:
                var name = budget.Pick(HostileJson.PropertyNames);
                addTo[name.Contains('\\') ? Placeholder($"\"{name}\"") : name] = Hostile();
                break;
            case 3 when target is JsonArray array:
                array.Insert(
                    budget.Random.Next(array.Count + 1),
                    budget.Chance(0.5) ? null : Hostile()
                );
                break;
            case 4 when target.Parent is not null:
                var depth = budget.Random.Next(1, 200);
                var copy = target.DeepClone();
                JsonNode wrapped = copy;
                for (var d = 0; d < depth; d++)
                    wrapped = budget.Chance(0.5)
                        ? new JsonArray(wrapped)
                        : new JsonObject { ["a"] = wrapped };
                Replace(target, wrapped);
                break;
            default:
                if (target.Parent is not null)
                    Replace(target, budget.Chance(0.5) ? null : Hostile());
                else
                    return Hostile();
                break;
        }
        return root;
    }

    private static void Collect(JsonNode? node, List<JsonNode> nodes)
    {
        if (node is null)
            return;
        nodes.Add(node);
        if (node is JsonObject o)
            foreach (var (_, value) in o)
                Collect(value, nodes);
        else if (node is JsonArray a)
            foreach (var item in a)
                Collect(item, nodes);
    }

    private static void Replace(JsonNode target, JsonNode? with)
    {
        switch (target.Parent)
        {
            case JsonObject o:
                o[target.GetPropertyName()] = with;
                break;
            case JsonArray a:
                a[target.GetElementIndex()] = with;
                break;
        }
    }

    /// <summary>Breaks the text so that it is no longer (or only barely) JSON.</summary>
    public static byte[] BreakText(byte[] bytes, FuzzBudget budget)
    {
        var at = bytes.Length == 0 ? 0 : budget.Random.Next(bytes.Length);
        return budget.Random.Next(7) switch
        {
            0 => [0xEF, 0xBB, 0xBF, .. bytes],
            1 => bytes[..at],
            2 => [.. bytes[..at], 0xFF, .. bytes[at..]],
            3 => [.. bytes[..at], 0x01, .. bytes[at..]],
            4 => [.. bytes, .. "} ]garbage"u8],
            5 => DuplicateKey(bytes),
            _ => [.. bytes[..at], 0xC3, .. bytes[at..]],
        };
    }

    private static byte[] DuplicateKey(byte[] bytes)
    {
        var brace = Array.IndexOf(bytes, (byte)'{');
        return brace < 0
            ? bytes
            : [.. bytes[..(brace + 1)], .. "\"id\":\"dup\",\"id\":7,"u8, .. bytes[(brace + 1)..]];
    }
}
