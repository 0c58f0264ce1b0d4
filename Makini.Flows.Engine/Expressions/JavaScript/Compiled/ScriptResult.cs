using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Engine.Values;

namespace Makini.Flows.Engine.Expressions.JavaScript.Compiled;

/// <summary>
/// Turns a compiled script's value into JSON exactly as <see cref="JsToJson"/> turns Jint's: undefined properties
/// left out, undefined elements and non-finite numbers as null. Objects and arrays are written as JSON text once
/// and read back as one lazily parsed node, far cheaper than a tree of nodes (most results are only written out
/// again, to a response or to storage). Where JavaScript would order keys differently than JSON holds them, or a
/// limit is passed, it bails out so that Jint gives the answer or the error.
/// </summary>
internal static class ScriptResult
{
    private const int MaxDepth = 64;

    private const int KeptBufferBytes = 1 << 20;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static JsonNode? ToJson(object? value, int maxNodes)
    {
        switch (value)
        {
            case bool b:
                return JsonValue.Create(b);
            case double d:
                return double.IsFinite(d) ? JsonValue.Create(d) : null;
            case string s:
                return JsonValue.Create(s);
            case JsonValue node:
                return ToJson(ScriptValues.FromJson(node), maxNodes);
            case JsonObject
            or JsonArray
            or JsonElement
            or ScriptArray
            or ScriptObject
            or Dictionary<string, JsonNode?>
            or OutputsView:
                return WriteAndParse(value, maxNodes);
            default:
                // null, undefined, or a cut-short optional chain
                return null;
        }
    }

    private static JsonNode? WriteAndParse(object? value, int maxNodes)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        var writer = t_writer ??= new Utf8JsonWriter(
            buffer,
            new JsonWriterOptions { SkipValidation = true }
        );
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        try
        {
            var budget = maxNodes;
            Write(writer, value, 0, ref budget);
            writer.Flush();
            return JsonNode.Parse(buffer.WrittenSpan);
        }
        finally
        {
            if (buffer.Capacity > KeptBufferBytes)
                (t_buffer, t_writer) = (null, null);
        }
    }

    private static void Write(Utf8JsonWriter writer, object? value, int depth, ref int budget)
    {
        if (--budget < 0 || depth > MaxDepth)
            throw ScriptBailout.Instance;
        switch (value)
        {
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case JsonValue node:
                Write(writer, ScriptValues.FromJson(node), depth, ref budget);
                break;
            case JsonArray array when ParsedJson.Of(array) is { } element:
                WriteElement(writer, element, depth, ref budget);
                break;
            case JsonObject obj when ParsedJson.Of(obj) is { } element:
                WriteElement(writer, element, depth, ref budget);
                break;
            case JsonElement element:
                WriteElement(writer, element, depth, ref budget);
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                    Write(writer, ScriptValues.FromJson(item), depth + 1, ref budget);
                writer.WriteEndArray();
                break;
            case ScriptArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                    Write(writer, item, depth + 1, ref budget);
                writer.WriteEndArray();
                break;
            case JsonObject obj:
                WriteRecord(writer, obj, depth, ref budget);
                break;
            case Dictionary<string, JsonNode?> record:
                WriteRecord(writer, record, depth, ref budget);
                break;
            case ScriptObject obj:
                writer.WriteStartObject();
                for (var i = 0; i < obj.Names.Length; i++)
                    if (obj.Values[i] != ScriptValues.Undefined)
                    {
                        writer.WritePropertyName(obj.Names[i]);
                        Write(writer, obj.Values[i], depth + 1, ref budget);
                    }
                writer.WriteEndObject();
                break;
            case OutputsView outputs:
                writer.WriteStartObject();
                foreach (var node in outputs.Run.Plan.Nodes)
                    if (outputs.Run.State.Outputs.TryGetValue(node.Id, out var activity))
                    {
                        writer.WritePropertyName(node.Id);
                        WriteRecord(writer, activity, depth + 1, ref budget);
                    }
                writer.WriteEndObject();
                break;
            default:
                // null, undefined, non-finite numbers
                writer.WriteNullValue();
                break;
        }
    }

    /// <summary>Parsed JSON not turned into nodes: objects keep their order unless JavaScript's would differ.</summary>
    private static void WriteElement(
        Utf8JsonWriter writer,
        JsonElement element,
        int depth,
        ref int budget
    )
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            writer.WriteStartArray();
            foreach (var item in element.EnumerateArray())
                Write(writer, JsonElements.Value(item), depth + 1, ref budget);
            writer.WriteEndArray();
            return;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        writer.WriteStartObject();
        foreach (var property in element.EnumerateObject())
        {
            // JSON.parse keeps the last of repeated names where the first stood; the nodes refuse them.
            if (ScriptMembers.IsArrayIndexName(property.Name) || !names.Add(property.Name))
                throw ScriptBailout.Instance;
            writer.WritePropertyName(property.Name);
            Write(writer, JsonElements.Value(property.Value), depth + 1, ref budget);
        }
        writer.WriteEndObject();
    }

    private static void WriteRecord(
        Utf8JsonWriter writer,
        IEnumerable<KeyValuePair<string, JsonNode?>> properties,
        int depth,
        ref int budget
    )
    {
        writer.WriteStartObject();
        foreach (var (name, node) in properties)
        {
            if (ScriptMembers.IsArrayIndexName(name))
                throw ScriptBailout.Instance;
            writer.WritePropertyName(name);
            Write(writer, ScriptValues.FromJson(node), depth + 1, ref budget);
        }
        writer.WriteEndObject();
    }
}
