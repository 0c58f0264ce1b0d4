using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Engine.Values;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>
/// Reads parsed JSON that System.Text.Json has not turned into nodes yet straight from its <see cref="JsonElement"/>:
/// a script reading a few fields of each of many records then costs no dictionary, node or name string per record.
/// Objects and arrays reached this way are held as boxed elements. Should <see cref="ParsedJson"/> ever fail to
/// read the element, every read throws, the compiled code hands over to Jint, and the tests that count hand-overs
/// fail.
/// </summary>
internal static class JsonElements
{
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
