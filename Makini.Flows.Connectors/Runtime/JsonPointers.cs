using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Flows.Connectors.Runtime;

/// <summary>RFC 6901 pointers into source answers and request bodies.</summary>
internal static class JsonPointers
{
    public static IEnumerable<string> Tokens(string pointer) =>
        pointer.Length == 0
            ? []
            : pointer[1..].Split('/').Select(t => t.Replace("~1", "/").Replace("~0", "~"));

    /// <summary>The value at a pointer, or null when any step is missing.</summary>
    public static JsonElement? Find(JsonElement root, string pointer)
    {
        var current = root;
        foreach (var token in Tokens(pointer))
        {
            if (
                current.ValueKind == JsonValueKind.Object
                && current.TryGetProperty(token, out var next)
            )
                current = next;
            else if (
                current.ValueKind == JsonValueKind.Array
                && int.TryParse(token, out var index)
                && index >= 0
                && index < current.GetArrayLength()
            )
                current = current[index];
            else
                return null;
        }
        return current;
    }

    /// <summary>A scalar at a pointer as text (numbers as written), or null when missing, null or empty.</summary>
    public static string? Text(JsonElement root, string pointer) =>
        Find(root, pointer) switch
        {
            { ValueKind: JsonValueKind.String } s when s.GetString() is { Length: > 0 } text =>
                text,
            { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
            _ => null,
        };

    /// <summary>Sets a value inside a JSON body, creating the objects on the way.</summary>
    public static void Set(JsonNode root, string pointer, JsonNode? value)
    {
        var tokens = Tokens(pointer).ToList();
        if (tokens.Count == 0)
            throw new ArgumentException(
                "a body parameter needs a pointer below the root",
                nameof(pointer)
            );
        var current = root;
        foreach (var token in tokens[..^1])
        {
            var next = current[token];
            if (next is null)
                current[token] = next = new JsonObject();
            current = next;
        }
        current[tokens[^1]] = value;
    }
}
