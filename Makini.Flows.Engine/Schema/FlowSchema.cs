using System.Text.Json.Nodes;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Serialization;
using NJsonSchema;
using NJsonSchema.Generation;
using NJsonSchema.Generation.TypeMappers;

namespace Makini.Flows.Engine.Schema;

/// <summary>
/// The JSON Schema of the flow format, generated from the model classes. The committed copy in
/// schemas/flow.schema.json must equal <see cref="Json"/>; a test fails when they drift apart.
/// </summary>
public static class FlowSchema
{
    private const string Draft07 = "http://json-schema.org/draft-07/schema#";
    private static readonly Lazy<JsonSchema> Generated = new(Generate);
    private static readonly Lazy<string> Text = new(() =>
        WithDraft07Id(Generated.Value.ToJson()).ReplaceLineEndings("\n") + "\n"
    );

    // NJsonSchema writes the schema's identifier as draft-04's "id"; draft-07 (what the schema declares, and what
    // validators such as ajv read) calls it "$id". Only the root's keyword changes: "id" under "properties" is the
    // flow's own field.
    private static string WithDraft07Id(string json)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        if (root["id"] is System.Text.Json.Nodes.JsonValue id && root["$id"] is null)
        {
            var ordered = new System.Text.Json.Nodes.JsonObject();
            foreach (var (name, value) in root.ToList())
            {
                root.Remove(name);
                if (name == "id")
                    ordered["$id"] = id;
                else
                    ordered[name] = value;
            }
            root = ordered;
        }
        return root.ToJsonString(
            new System.Text.Json.JsonSerializerOptions
            {
                WriteIndented = true,
                Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            }
        );
    }

    public static JsonSchema Schema => Generated.Value;

    /// <summary>The schema as deterministic text (LF line ends, final newline).</summary>
    public static string Json => Text.Value;

    private static JsonSchema Generate()
    {
        var settings = new SystemTextJsonSchemaGeneratorSettings
        {
            SerializerOptions = FlowJson.Options,
            SchemaType = SchemaType.JsonSchema,
            GenerateExamples = false,
            UseXmlDocumentation = false,
        };
        // JsonNode is "any JSON"; without this NJsonSchema would describe JsonNode's CLR properties.
        settings.TypeMappers.Add(new PrimitiveTypeMapper(typeof(JsonNode), _ => { }));
        settings.SchemaProcessors.Add(new InputExpressionSchemaProcessor());
        settings.SchemaProcessors.Add(new TidySchemaProcessor());
        var schema = JsonSchema.FromType<FlowDefinition>(settings);
        schema.SchemaVersion = Draft07;
        schema.Id = FlowJson.SchemaUri;
        schema.Properties["$schema"].Enumeration.Add(FlowJson.SchemaUri);
        return schema;
    }
}
