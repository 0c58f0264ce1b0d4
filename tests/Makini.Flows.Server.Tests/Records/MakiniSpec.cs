using System.Text.Json.Nodes;
using Makini.Flows.Tests.Shared;
using NJsonSchema;

namespace Makini.Flows.Server.Tests.Records;

/// <summary>
/// Makini's published EAM API (TestData/makini-eam-openapi.json, copied from Makini's public documentation): the
/// JSON Schema of a route's 200 answer, with the spec's components as definitions. The spec writes a nullable string
/// as <c>"format": "nullable"</c> (links.prev, links.next): read so.
/// </summary>
public static class MakiniSpec
{
    private static readonly Lazy<JsonObject> Document = new(() =>
        JsonNode
            .Parse(
                File.ReadAllText(
                    Path.Combine(
                        TestServer.RepositoryRoot(),
                        "tests",
                        "Makini.Flows.Server.Tests",
                        "TestData",
                        "makini-eam-openapi.json"
                    )
                )
            )!
            .AsObject()
    );

    public static IEnumerable<string> Paths =>
        Document.Value["paths"]!.AsObject().Select(p => p.Key);

    /// <summary>The schema of the 200 answer of <c>GET path</c> (as the spec writes it: <c>/api/eam/work-orders/{key}</c>).</summary>
    public static async Task<JsonSchema> AnswerSchemaAsync(string path)
    {
        var answer = Document.Value["paths"]![path]!["get"]!["responses"]!["200"]!["content"]![
            "application/json"
        ]!["schema"]!
            .DeepClone()
            .AsObject();
        var definitions = Document.Value["components"]!["schemas"]!.DeepClone().AsObject();
        // The spec's "Dimension" is an empty array, not a schema: nothing is known of it, so anything fits.
        foreach (var (name, definition) in definitions.ToList())
            if (definition is not JsonObject)
                definitions[name] = new JsonObject();
        answer["definitions"] = definitions;
        Convert(answer);
        return await JsonSchema.FromJsonAsync(answer.ToJsonString());
    }

    /// <summary>The problems of <paramref name="answer"/> against the schema, as readable lines (none: it validates).</summary>
    public static List<string> Problems(JsonSchema schema, string answer) =>
        [.. schema.Validate(answer).SelectMany(Lines)];

    private static IEnumerable<string> Lines(NJsonSchema.Validation.ValidationError error) =>
        error is NJsonSchema.Validation.ChildSchemaValidationError child
            ? child
                .Errors.SelectMany(e => e.Value)
                .SelectMany(Lines)
                .Prepend($"{error.Path}: {error.Kind}")
            : [$"{error.Path}: {error.Kind}"];

    private static void Convert(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject schema:
                if (schema["$ref"] is JsonValue reference)
                    schema["$ref"] = reference
                        .GetValue<string>()
                        .Replace("#/components/schemas/", "#/definitions/");
                if (
                    schema["format"]?.GetValue<string>() == "nullable"
                    && schema["type"] is JsonValue type
                )
                {
                    schema["type"] = new JsonArray(type.GetValue<string>(), "null");
                    schema.Remove("format");
                }
                foreach (var (_, child) in schema.ToList())
                    Convert(child);
                break;
            case JsonArray items:
                foreach (var item in items)
                    Convert(item);
                break;
        }
    }
}
