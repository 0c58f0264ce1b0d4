using NJsonSchema;

namespace Makini.Flows.Connectors.Manifests;

/// <summary><c>schemas/connector.schema.json</c>, embedded in this assembly from the committed file.</summary>
public static class ConnectorSchema
{
    private static readonly Lazy<string> LazyText = new(() =>
    {
        using var stream =
            typeof(ConnectorSchema).Assembly.GetManifestResourceStream("connector.schema.json")
            ?? throw new InvalidOperationException("connector.schema.json is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private static readonly Lazy<JsonSchema> LazySchema = new(() =>
        JsonSchema.FromJsonAsync(LazyText.Value).GetAwaiter().GetResult()
    );

    public static string Text => LazyText.Value;

    public static JsonSchema Schema => LazySchema.Value;
}
