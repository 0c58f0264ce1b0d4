using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>
/// Reads parsed JSON that System.Text.Json has not turned into nodes yet straight from its <see cref="JsonElement"/>:
/// a script reading a few fields of each of many records then costs no dictionary, node or name string per record.
/// Objects and arrays reached this way are held as boxed elements. Relies on the private field that holds a
/// parsed node's element (the runtime is pinned); should it ever be missing, every read throws, the compiled code
/// hands over to Jint, and the tests that count hand-overs fail.
/// </summary>
internal static class JsonElements
{
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_jsonElement")]
    private static extern ref JsonElement? ObjectElement(JsonObject node);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_jsonElement")]
    private static extern ref JsonElement? ArrayElement(JsonArray node);

    /// <summary>The element a parsed object still reads from, or null once it was turned into nodes.</summary>
    public static JsonElement? Of(JsonObject node) => ObjectElement(node);

    /// <summary>The element a parsed array still reads from, or null once it was turned into nodes.</summary>
    public static JsonElement? Of(JsonArray node) => ArrayElement(node);

    /// <summary>An element as a script sees it: primitives unwrapped, objects and arrays boxed.</summary>
    public static object? Value(JsonElement element) =>
        element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => element.TryGetDouble(out var number)
                ? number
                : throw ScriptBailout.Instance,
            JsonValueKind.True => ScriptValues.True,
            JsonValueKind.False => ScriptValues.False,
            JsonValueKind.Object or JsonValueKind.Array => element,
            _ => null,
        };
}
