using NJsonSchema;

namespace Makini.Flows.Connectors.Mappings;

/// <summary><c>schemas/mapping.schema.json</c>, embedded in this assembly from the committed file.</summary>
public static class MappingSchema
{
    private static readonly Lazy<string> LazyText = new(() =>
    {
        using var stream =
            typeof(MappingSchema).Assembly.GetManifestResourceStream("mapping.schema.json")
            ?? throw new InvalidOperationException("mapping.schema.json is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private static readonly Lazy<JsonSchema> LazySchema = new(() =>
        JsonSchema.FromJsonAsync(LazyText.Value).GetAwaiter().GetResult()
    );

    public static string Text => LazyText.Value;

    public static JsonSchema Schema => LazySchema.Value;
}
