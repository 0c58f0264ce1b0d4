using System.Text.Json.Nodes;

namespace Makini.Flows.Connectors.Unified;

/// <summary>
/// The unified data model: the entities of Makini's EAM API with the fields of the component schemas their list
/// routes answer (<c>schemas/unified/makini-eam-schemas.json</c>, embedded in this assembly).
/// </summary>
public static class UnifiedModel
{
    // Name as in /api/eam/{name}, the schema its list answers, the stem of its events.
    private static readonly (string Name, string Schema, string Event)[] Table =
    [
        ("sites", "Site", "site"),
        ("locations", "Location", "location"),
        ("assets", "Asset", "asset"),
        ("work-orders", "WorkOrder", "work-order"),
        ("service-requests", "ServiceRequest", "service-request"),
        ("materials", "Part", "material"),
        ("purchase-orders", "PurchaseOrder", "purchase-order"),
        ("users", "User", "user"),
        ("vendors", "Vendor", "vendor"),
        ("teams", "Team", "team"),
        ("meters", "Counter", "meter"),
        ("meter-readings", "CounterReading", "meter-reading"),
        ("pm", "PreventiveMaintenance", "pm"),
        ("storerooms", "Storeroom", "storeroom"),
        ("inventories", "Inventory", "inventory"),
    ];

    private static readonly Lazy<Model> Loaded = new(Load);

    /// <summary>The entities records are synced into, in the order of Makini's documentation.</summary>
    public static IReadOnlyList<UnifiedEntity> Entities => Loaded.Value.Entities;

    /// <summary>The statuses of an entity (<c>/api/eam/statuses/{entity}</c>); not synced as records of their own.</summary>
    public static UnifiedEntity Statuses => Loaded.Value.Statuses;

    /// <summary>The custom fields of a connection (<c>/api/eam/work-orders/custom-fields</c>).</summary>
    public static UnifiedEntity CustomFields => Loaded.Value.CustomFields;

    /// <summary>An entity by its name (<c>work-orders</c>), or null.</summary>
    public static UnifiedEntity? Find(string entity) =>
        Loaded.Value.ByName.GetValueOrDefault(entity);

    /// <summary>The component schemas as Makini publishes them (a copy: name to OpenAPI schema object).</summary>
    public static JsonObject ComponentSchemas() => UnifiedSchemaDocument.Components();

    /// <summary>
    /// A self-contained JSON Schema of an entity's records, for validators: the component schema with the schemas
    /// it references under <c>definitions</c>.
    /// </summary>
    public static JsonObject ValidationSchema(UnifiedEntity entity) =>
        UnifiedSchemaDocument.ValidationSchema(entity.SchemaName);

    private sealed record Model(
        IReadOnlyList<UnifiedEntity> Entities,
        IReadOnlyDictionary<string, UnifiedEntity> ByName,
        UnifiedEntity Statuses,
        UnifiedEntity CustomFields
    );

    private static Model Load()
    {
        var components = UnifiedSchemaDocument.Components();
        var entities = Table
            .Select(e => UnifiedSchemaDocument.Entity(components, e.Name, e.Schema, e.Event))
            .ToArray();
        return new Model(
            entities,
            entities.ToDictionary(e => e.Name, StringComparer.Ordinal),
            UnifiedSchemaDocument.Entity(components, "statuses", "Status", "status"),
            UnifiedSchemaDocument.Entity(components, "custom-fields", "CustomField", "custom-field")
        );
    }
}
