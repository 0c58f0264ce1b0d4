namespace Makini.Flows.Connectors.Unified;

/// <summary>
/// One entity of the unified model: its name as in Makini's EAM paths (<c>work-orders</c>), the component schema its
/// records follow (<c>WorkOrder</c>), the stem of its events (<c>work-order</c>.inserted|updated|deleted) and its fields.
/// </summary>
public sealed record UnifiedEntity(
    string Name,
    string SchemaName,
    string EventName,
    IReadOnlyDictionary<string, UnifiedField> Fields
);
