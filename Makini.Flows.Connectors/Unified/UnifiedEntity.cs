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
)
{
    /// <summary>
    /// Set for an entity whose records are not read from a stream of their own but made from the items of another
    /// entity's array field (<c>purchase-orders.line-items</c> from purchase orders' <c>lineItems</c>).
    /// </summary>
    public UnifiedDerivation? DerivedFrom { get; init; }
}

/// <summary>
/// Where a derived entity's records come from: the items of <paramref name="Field"/> of <paramref name="Entity"/>'s
/// records, one record per item, keyed <c>{parent key}:{item key}</c>, with the parent's key in
/// <paramref name="ParentKeyField"/>.
/// </summary>
public sealed record UnifiedDerivation(string Entity, string Field, string ParentKeyField);
