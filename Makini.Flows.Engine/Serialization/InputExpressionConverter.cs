using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Makini.Flows.Engine.Model;

namespace Makini.Flows.Engine.Serialization;

/// <summary>Reads and writes the one-key object form of <see cref="InputExpression"/>.</summary>
public sealed class InputExpressionConverter : JsonConverter<InputExpression>
{
    public override InputExpression Read(
        ref Utf8JsonReader reader,
        Type typeToConvert,
        JsonSerializerOptions options
    )
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException(
                "an input must be an object with one of literal, variable, js or cs"
            );
        reader.Read();
        if (reader.TokenType != JsonTokenType.PropertyName)
            throw new JsonException("an input must have one of literal, variable, js or cs");
        var key = reader.GetString();
        reader.Read();
        InputExpression result = key switch
        {
            "literal" => InputExpression.FromLiteral(JsonNode.Parse(ref reader)),
            "variable" => InputExpression.FromVariable(ReadString(ref reader, key)),
            "js" => InputExpression.FromJavaScript(ReadString(ref reader, key)),
            "cs" => InputExpression.FromCSharp(ReadString(ref reader, key)),
            _ => throw new JsonException($"unknown input kind '{key}'"),
        };
        reader.Read();
        if (reader.TokenType != JsonTokenType.EndObject)
            throw new JsonException(
                "an input must have exactly one of literal, variable, js or cs"
            );
        return result;
    }

    private static string ReadString(ref Utf8JsonReader reader, string key) =>
        reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new JsonException($"'{key}' must be a string");

    public override void Write(
        Utf8JsonWriter writer,
        InputExpression value,
        JsonSerializerOptions options
    )
    {
        writer.WriteStartObject();
        writer.WritePropertyName(InputExpression.KeyOf(value.Kind));
        if (value.Kind == ExpressionKind.Literal)
        {
            if (value.Literal is null)
                writer.WriteNullValue();
            else
                value.Literal.WriteTo(writer, options);
        }
        else
        {
            writer.WriteStringValue(value.Text);
        }
        writer.WriteEndObject();
    }
}
