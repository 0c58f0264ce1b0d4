using NJsonSchema;

namespace Makini.Flows.Connectors.Manifests;

/// <summary><c>schemas/connector.schema.json</c>, embedded in this assembly from the committed file.</summary>
public static class ConnectorSchema
{
    private static readonly EmbeddedSchema Embedded = new("connector.schema.json");

    public static string Text => Embedded.Text;

    public static JsonSchema Schema => Embedded.Schema;
}
