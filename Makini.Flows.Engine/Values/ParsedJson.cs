using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Makini.Flows.Engine.Values;

/// <summary>
/// Parsed JSON that System.Text.Json has not turned into nodes yet. A parsed object or array keeps reading from
/// its <see cref="JsonElement"/> until it is first read or changed through the node API, so while it still holds
/// one it is exactly the text it was parsed from: reading a few fields of many records then costs no node per
/// record, and writing it out again is a copy of that text. Relies on the private field that holds the element
/// (the runtime is pinned); should it ever be missing, every use throws and the tests fail.
/// </summary>
public static class ParsedJson
{
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_jsonElement")]
    private static extern ref JsonElement? ObjectElement(JsonObject node);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_jsonElement")]
    private static extern ref JsonElement? ArrayElement(JsonArray node);

    /// <summary>The element a parsed object still reads from, or null once it was turned into nodes.</summary>
    public static JsonElement? Of(JsonObject node) => ObjectElement(node);

    /// <summary>The element a parsed array still reads from, or null once it was turned into nodes.</summary>
    public static JsonElement? Of(JsonArray node) => ArrayElement(node);

    /// <summary>
    /// Writes a node as <see cref="JsonNode.WriteTo"/> does, except that an untouched parsed object or array, at
    /// any depth, is written as the text it was parsed from.
    /// </summary>
    public static void Write(
        Utf8JsonWriter writer,
        JsonNode? node,
        JsonSerializerOptions? options = null
    )
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj when Of(obj) is { } element:
                WriteText(writer, element);
                break;
            case JsonArray array when Of(array) is { } element:
                WriteText(writer, element);
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (name, child) in obj)
                {
                    writer.WritePropertyName(name);
                    Write(writer, child, options);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var child in array)
                    Write(writer, child, options);
                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer, options);
                break;
        }
    }

    private static void WriteText(Utf8JsonWriter writer, JsonElement element) =>
        writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(element), skipInputValidation: true);
}
