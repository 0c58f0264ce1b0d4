using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.ScriptHost.Protocol;

namespace Makini.Flows.Engine.Expressions.CSharp;

/// <summary>
/// The server's side of an Evaluate request: each context's run values as JSON (only those the script names),
/// and each answer as a value or an error message.
/// </summary>
internal static class EvaluateFrames
{
    public static void ReadOutcomes(FrameReader reader, Span<ScriptOutcome> outcomes)
    {
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
            outcomes[i] =
                reader.ReadByte() == 0
                    ? new ScriptOutcome(ParseResult(reader.ReadBytes()), null)
                    : new ScriptOutcome(null, reader.ReadString());
        // A host answers for every record it was sent; should one ever not, the rest must not look done.
        for (var i = count; i < outcomes.Length; i++)
            outcomes[i] = new ScriptOutcome(
                null,
                "the script host answered for fewer records than it was sent"
            );
    }

    private static JsonNode? ParseResult(ReadOnlyMemory<byte>? json) =>
        json is { } bytes ? JsonNode.Parse(bytes.Span) : null;

    public static void WriteContext(FrameWriter writer, ScriptInputs inputs, CSharpContext context)
    {
        WriteIf(writer, inputs, ScriptInputs.Input, context.Input);
        if ((inputs & ScriptInputs.Vars) != 0 && context.Vars is { } vars)
            writer.WriteJson(vars, WriteObject);
        else
            writer.WriteNull();
        if ((inputs & ScriptInputs.Outputs) != 0 && context.Outputs is { } outputs)
            writer.WriteJson(outputs, WriteOutputs);
        else
            writer.WriteNull();
        WriteIf(writer, inputs, ScriptInputs.Item, context.Item);
        writer.WriteInt32(context.Index);
    }

    private static void WriteIf(
        FrameWriter writer,
        ScriptInputs inputs,
        ScriptInputs which,
        JsonNode? value
    )
    {
        if ((inputs & which) != 0 && value is not null)
            writer.WriteJson(value, static (json, node) => node.WriteTo(json));
        else
            writer.WriteNull();
    }

    private static void WriteObject(
        Utf8JsonWriter json,
        IEnumerable<KeyValuePair<string, JsonNode?>> properties
    )
    {
        json.WriteStartObject();
        foreach (var (name, value) in properties)
        {
            json.WritePropertyName(name);
            if (value is null)
                json.WriteNullValue();
            else
                value.WriteTo(json);
        }
        json.WriteEndObject();
    }

    private static void WriteOutputs(
        Utf8JsonWriter json,
        IEnumerable<KeyValuePair<string, Dictionary<string, JsonNode?>>> outputs
    )
    {
        json.WriteStartObject();
        foreach (var (activity, values) in outputs)
        {
            json.WritePropertyName(activity);
            WriteObject(json, values);
        }
        json.WriteEndObject();
    }
}
