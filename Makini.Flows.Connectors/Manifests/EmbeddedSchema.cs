using NJsonSchema;

namespace Makini.Flows.Connectors.Manifests;

/// <summary>A JSON Schema embedded in this assembly from a committed file of <c>schemas/</c>, read once.</summary>
internal sealed class EmbeddedSchema(string resourceName)
{
    private readonly Lazy<string> _text = new(() =>
    {
        using var stream =
            typeof(EmbeddedSchema).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"{resourceName} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private JsonSchema? _schema;

    public string Text => _text.Value;

    public JsonSchema Schema => _schema ??= JsonSchema.FromJsonAsync(Text).GetAwaiter().GetResult();
}
