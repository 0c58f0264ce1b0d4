using Makini.Flows.Connectors.Manifests;
using NJsonSchema;

namespace Makini.Flows.Connectors.Mappings;

/// <summary><c>schemas/mapping.schema.json</c>, embedded in this assembly from the committed file.</summary>
public static class MappingSchema
{
    private static readonly EmbeddedSchema Embedded = new("mapping.schema.json");

    public static string Text => Embedded.Text;

    public static JsonSchema Schema => Embedded.Schema;
}
