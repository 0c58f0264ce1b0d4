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
        ("purchase-orders.line-items", "LineItem", "line-item"),
        ("users", "User", "user"),
        ("vendors", "Vendor", "vendor"),
        ("teams", "Team", "team"),
        ("meters", "Counter", "meter"),
        ("meter-readings", "CounterReading", "meter-reading"),
        ("pm", "PreventiveMaintenance", "pm"),
        ("storerooms", "Storeroom", "storeroom"),
        ("inventories", "Inventory", "inventory"),
    ];

    // Entities made from another entity's array items rather than read from a stream (Makini's PurchaseOrder has no
    // key of its line items' purchase order; Work, its resources, calls one poKey).
    private static readonly Dictionary<string, UnifiedDerivation> Derivations = new()
    {
        ["purchase-orders.line-items"] = new("purchase-orders", "lineItems", "poKey"),
    };

    private static readonly Lazy<Model> Loaded = new(Load);

    /// <summary>
    /// The entities records are synced into, in the order of Makini's documentation: read from a stream each, or
    /// derived from another entity's records (<see cref="UnifiedEntity.DerivedFrom"/>).
    /// </summary>
    public static IReadOnlyList<UnifiedEntity> Entities => Loaded.Value.Entities;

    /// <summary>The statuses of an entity (<c>/api/eam/statuses/{entity}</c>); not synced as records of their own.</summary>
    public static UnifiedEntity Statuses => Loaded.Value.Statuses;

    /// <summary>The custom fields of a connection (<c>/api/eam/work-orders/custom-fields</c>).</summary>
    public static UnifiedEntity CustomFields => Loaded.Value.CustomFields;

    /// <summary>An entity by its name (<c>work-orders</c>), or null.</summary>
    public static UnifiedEntity? Find(string entity) =>
        Loaded.Value.ByName.GetValueOrDefault(entity);

    /// <summary>The entities whose records are made from the items of an entity's array fields.</summary>
    public static IReadOnlyList<UnifiedEntity> DerivedFrom(string entity) =>
        Loaded.Value.Derived.GetValueOrDefault(entity) ?? [];

    /// <summary>
    /// The fields of a component schema that is not an entity of its own, such as the items of an array field
    /// (<c>Task</c>, <c>POLineItem</c>), or null when Makini publishes no such schema.
    /// </summary>
    public static UnifiedEntity? Component(string schemaName) =>
        Loaded.Value.Components.GetValueOrDefault(schemaName);

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
        UnifiedEntity CustomFields,
        IReadOnlyDictionary<string, UnifiedEntity[]> Derived,
        IReadOnlyDictionary<string, UnifiedEntity> Components
    );

    // A derived record names its parent (Makini's LineItem has no field for it): a text key, filtered and served as
    // any other field.
    private static UnifiedEntity WithParentKey(UnifiedEntity entity, UnifiedDerivation derivation)
    {
        var fields = new Dictionary<string, UnifiedField>(entity.Fields, StringComparer.Ordinal)
        {
            [derivation.ParentKeyField] = new(derivation.ParentKeyField, UnifiedTypes.String),
        };
        return entity with { Fields = fields, DerivedFrom = derivation };
    }

    private static Model Load()
    {
        var components = UnifiedSchemaDocument.Components();
        var entities = Table
            .Select(e =>
                Derivations.TryGetValue(e.Name, out var derivation)
                    ? WithParentKey(
                        UnifiedSchemaDocument.Entity(components, e.Name, e.Schema, e.Event),
                        derivation
                    )
                    : UnifiedSchemaDocument.Entity(components, e.Name, e.Schema, e.Event)
            )
            .ToArray();
        return new Model(
            entities,
            entities.ToDictionary(e => e.Name, StringComparer.Ordinal),
            UnifiedSchemaDocument.Entity(components, "statuses", "Status", "status"),
            UnifiedSchemaDocument.Entity(
                components,
                "custom-fields",
                "CustomField",
                "custom-field"
            ),
            entities
                .Where(e => e.DerivedFrom is not null)
                .GroupBy(e => e.DerivedFrom!.Entity, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal),
            components
                .Where(c => c.Value is JsonObject { } schema && schema["properties"] is JsonObject)
                .ToDictionary(
                    c => c.Key,
                    c => UnifiedSchemaDocument.Entity(components, c.Key, c.Key, c.Key),
                    StringComparer.Ordinal
                )
        );
    }
}
