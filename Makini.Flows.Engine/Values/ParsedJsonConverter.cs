using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Makini.Flows.Engine.Values;

/// <summary>
/// Serializes nodes with <see cref="ParsedJson.Write"/>, so a run's untouched request body or script result is
/// stored as a copy of its text. Reads nodes with case-sensitive names whatever the options say: a record may
/// hold both <c>id</c> and <c>ID</c>.
/// </summary>
public sealed class ParsedJsonConverter : JsonConverter<JsonNode>
{
    public override JsonNode? Read(
        ref Utf8JsonReader reader,
        Type typeToConvert,
        JsonSerializerOptions options
    ) => JsonNode.Parse(ref reader);

    public override void Write(
        Utf8JsonWriter writer,
        JsonNode value,
        JsonSerializerOptions options
    ) => ParsedJson.Write(writer, value, options);
}
