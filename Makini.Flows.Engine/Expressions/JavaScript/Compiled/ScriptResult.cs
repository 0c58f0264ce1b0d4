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
    private const int KeptBufferBytes = 1 << 20;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static JsonNode? ToJson(object? value, ScriptFrame frame)
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
                return ToJson(ScriptValues.FromJson(node), frame);
            case ScriptSet:
                throw ScriptBailout.Instance;
            case JsonObject
            or JsonArray
            or JsonElement
            or ScriptArray
            or ScriptObject
            or Dictionary<string, JsonNode?>
            or OutputsView:
                return Written(frame, (f, writer, depth, _) => Write(writer, value, depth, f));
            default:
                // null, undefined, or a cut-short optional chain
                return null;
        }
    }

    /// <summary>Writes the value as JSON text and reads it back as one lazily parsed node.</summary>
    public static JsonNode? Written(ScriptFrame frame, ValueWriter write)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        var writer = t_writer ??= new Utf8JsonWriter(
            buffer,
            new JsonWriterOptions { SkipValidation = true, Encoder = JsonText.Encoder }
        );
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        try
        {
            write(frame, writer, 0, null);
            writer.Flush();
            return JsonNode.Parse(buffer.WrittenSpan);
        }
        finally
        {
            if (buffer.Capacity > KeptBufferBytes)
                (t_buffer, t_writer) = (null, null);
        }
    }

    public static void Write(Utf8JsonWriter writer, object? value, int depth, ScriptFrame frame)
    {
        frame.CountResultNode(depth);
        switch (value)
        {
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case double d when IsSafeInteger(d):
                // Ids and counts: integer formatting writes the same digits, far cheaper than a double's.
                writer.WriteNumberValue((long)d);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case JsonValue node:
                Write(writer, ScriptValues.FromJson(node), depth, frame);
                break;
            case JsonArray array when ParsedJson.Of(array) is { } element:
                WriteElement(writer, element, depth, frame);
                break;
            case JsonObject obj when ParsedJson.Of(obj) is { } element:
                WriteElement(writer, element, depth, frame);
                break;
            case JsonElement element:
                WriteElement(writer, element, depth, frame);
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                    Write(writer, ScriptValues.FromJson(item), depth + 1, frame);
                writer.WriteEndArray();
                break;
            case ScriptArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                    Write(writer, item, depth + 1, frame);
                writer.WriteEndArray();
                break;
            case JsonObject obj:
                WriteRecord(writer, obj, depth, frame);
                break;
            case Dictionary<string, JsonNode?> record:
                WriteRecord(writer, record, depth, frame);
                break;
            case ScriptObject obj:
                writer.WriteStartObject();
                for (var i = 0; i < obj.Count; i++)
                    if (obj.ValueAt(i) != ScriptValues.Undefined)
                    {
                        writer.WritePropertyName(obj.NameAt(i).Encoded);
                        Write(writer, obj.ValueAt(i), depth + 1, frame);
                    }
                writer.WriteEndObject();
                break;
            case ScriptSet:
                throw ScriptBailout.Instance;
            case OutputsView outputs:
                writer.WriteStartObject();
                foreach (var node in outputs.Run.Plan.Nodes)
                    if (outputs.Run.State.Outputs.TryGetValue(node.Id, out var activity))
                    {
                        writer.WritePropertyName(node.Id);
                        WriteRecord(writer, activity, depth + 1, frame);
                    }
                writer.WriteEndObject();
                break;
            default:
                // null, undefined, non-finite numbers
                writer.WriteNullValue();
                break;
        }
    }

    private static bool IsSafeInteger(double value) =>
        value == Math.Truncate(value)
        && Math.Abs(value) <= 9007199254740991
        && !(value == 0 && double.IsNegative(value));

    /// <summary>Parsed JSON not turned into nodes: objects keep their order unless JavaScript's would differ.</summary>
    private static void WriteElement(
        Utf8JsonWriter writer,
        JsonElement element,
        int depth,
        ScriptFrame frame
    )
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            writer.WriteStartArray();
            foreach (var item in element.EnumerateArray())
                Write(writer, JsonElements.Value(item), depth + 1, frame);
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
            Write(writer, JsonElements.Value(property.Value), depth + 1, frame);
        }
        writer.WriteEndObject();
    }

    private static void WriteRecord(
        Utf8JsonWriter writer,
        IEnumerable<KeyValuePair<string, JsonNode?>> properties,
        int depth,
        ScriptFrame frame
    )
    {
        writer.WriteStartObject();
        foreach (var (name, node) in properties)
        {
            if (ScriptMembers.IsArrayIndexName(name))
                throw ScriptBailout.Instance;
            writer.WritePropertyName(name);
            Write(writer, ScriptValues.FromJson(node), depth + 1, frame);
        }
        writer.WriteEndObject();
    }
}
