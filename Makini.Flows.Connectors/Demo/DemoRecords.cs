namespace Makini.Flows.Connectors.Demo;

/// <summary>What every record of the demo API has: the list filters, sorts and pages on these.</summary>
public interface IDemoRecord
{
    string Id { get; }
    DateTimeOffset UpdatedAt { get; }
    DateTimeOffset? DeletedAt { get; }
}

public sealed record DemoAddress(
    string Street,
    string City,
    string Region,
    string PostalCode,
    string Country
);

public sealed record DemoSite(
    string Id,
    string Code,
    string Name,
    string Description,
    DemoAddress Address,
    string TimeZone,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeletedAt
) : IDemoRecord;

public sealed record DemoLocation(
    string Id,
    string Code,
    string Name,
    string Type,
    string? ParentId,
    string SiteId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeletedAt
) : IDemoRecord;

public sealed record DemoAsset(
    string Id,
    string Tag,
    string Name,
    string Description,
    string Category,
    string Manufacturer,
    string Model,
    string SerialNumber,
    string? ParentId,
    string LocationId,
    string SiteId,
    string Status,
    string Criticality,
    DateOnly InstalledOn,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeletedAt
) : IDemoRecord;

public sealed record DemoWorkOrder(
    string Id,
    long Number,
    string Title,
    string Description,
    string Status,
    string Priority,
    string Type,
    string? AssetId,
    string LocationId,
    string SiteId,
    string? AssignedToId,
    string RequestedById,
    DateTimeOffset DueDate,
    decimal EstimatedHours,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<DemoWorkOrderTask> Tasks,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeletedAt
) : IDemoRecord;

/// <summary>A step of a work order, in order, with its checklist.</summary>
public sealed record DemoWorkOrderTask(
    string Id,
    int Step,
    string Title,
    string Description,
    string Priority,
    IReadOnlyList<DemoChecklistItem> Checklist
);

public sealed record DemoChecklistItem(string Item, bool Done);

public sealed record DemoPart(
    string Id,
    string PartNumber,
    string Name,
    string Category,
    string Manufacturer,
    string Unit,
    decimal UnitCost,
    int QuantityOnHand,
    int MinimumQuantity,
    int MaximumQuantity,
    string Storeroom,
    string SiteId,
    string VendorId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeletedAt
) : IDemoRecord;

public sealed record DemoUser(
    string Id,
    string Email,
    string FirstName,
    string LastName,
    string Name,
    string Role,
    string JobTitle,
    string Phone,
    string? SiteId,
    bool Active,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeletedAt
) : IDemoRecord;

public sealed record DemoVendor(
    string Id,
    string Code,
    string Name,
    string Category,
    string ContactName,
    string Email,
    string Phone,
    string Website,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeletedAt
) : IDemoRecord;

public sealed record DemoPurchaseOrder(
    string Id,
    long Number,
    string Title,
    string Status,
    string VendorId,
    string SiteId,
    string RequestedById,
    string? ApprovedById,
    DateTimeOffset? ApprovedAt,
    DateTimeOffset? OrderedAt,
    DateTimeOffset ExpectedDate,
    DateTimeOffset? ReceivedAt,
    string Currency,
    decimal TotalAmount,
    IReadOnlyList<DemoPurchaseOrderLine> LineItems,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeletedAt
) : IDemoRecord;

public sealed record DemoPurchaseOrderLine(
    int LineNumber,
    string PartId,
    string Description,
    int Quantity,
    int ReceivedQuantity,
    decimal UnitCost,
    decimal Amount
);
