using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Engine.Values;

namespace Makini.Flows.Engine.Tests.Support;

/// <summary>The exact JSON text the server writes for a node (answers, stored runs).</summary>
public static class WrittenJson
{
    public static string Of(JsonNode? node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
            ParsedJson.Write(writer, node);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
