using System.Text.Json.Nodes;

namespace Makini.Flows.Connectors.OpenApi;

/// <summary>
/// The default mapping of a stream: record fields whose names match a field of the entity in Makini's unified API
/// (<c>id</c> -> <c>key</c>, a work order's <c>title</c> -> <c>title</c> and <c>priority</c> -> <c>severity</c>, an
/// asset's <c>manufacturer</c> -> <c>makeName</c>, <c>assetId</c> -> <c>assetKey</c>...). Keys and references become
/// text; integer times of date fields are read as epoch seconds.
/// </summary>
public static class FieldMappingDrafter
{
    private const string All = "*";

    private enum Kind
    {
        Plain,
        Key,
        Time,
    }

    private static readonly string[] Works = ["work-orders", "service-requests", "pm"];
    private static readonly string[] Titled = [.. Works, "purchase-orders"];
    private static readonly string[] Named =
    [
        "sites",
        "locations",
        "assets",
        "materials",
        "users",
        "vendors",
        "teams",
        "meters",
        "storerooms",
        "inventories",
    ];

    // Unified field, the entities that have it, its kind, and the source names (normalized) that fill it, best first.
    private static readonly (
        string Unified,
        string[] Entities,
        Kind Kind,
        string[] Sources
    )[] Table =
    [
        ("key", [All], Kind.Key, ["id"]),
        ("title", Titled, Kind.Plain, ["title", "name", "subject", "summary"]),
        ("name", Named, Kind.Plain, ["name", "title", "displayname", "fullname"]),
        ("code", ["work-orders"], Kind.Key, ["code", "sequentialid", "number", "workordernumber"]),
        ("code", ["materials"], Kind.Plain, ["code", "barcode"]),
        (
            "code",
            ["sites", "locations", "vendors", "teams", "storerooms", "inventories"],
            Kind.Plain,
            ["code"]
        ),
        (
            "orderNo",
            ["purchase-orders"],
            Kind.Key,
            [
                "orderno",
                "ordernumber",
                "ponumber",
                "purchaseorderno",
                "purchaseordernumber",
                "number",
            ]
        ),
        ("partNumber", ["materials"], Kind.Plain, ["partnumber", "partno", "number"]),
        ("instructions", ["work-orders"], Kind.Plain, ["instructions", "description"]),
        ("description", [All], Kind.Plain, ["description", "desc"]),
        ("description", ["users"], Kind.Plain, ["jobtitle", "title"]),
        (
            "statusKey",
            [.. Works, "purchase-orders", "assets"],
            Kind.Key,
            ["status", "statusid", "statuscode", "state"]
        ),
        ("severity", Works, Kind.Key, ["priority", "priorityid", "severity"]),
        (
            "categoryName",
            [.. Works, "assets"],
            Kind.Plain,
            ["category", "categoryname", "type", "worktype", "maintenancetype"]
        ),
        ("type", ["locations", "storerooms"], Kind.Plain, ["type"]),
        (
            "parentKey",
            ["work-orders", "assets", "locations", "storerooms"],
            Kind.Key,
            ["parentid", "parentassetid", "parentlocationid"]
        ),
        ("siteKey", [All], Kind.Key, ["siteid", "facilityid", "plantid"]),
        (
            "locationKey",
            [.. Works, "assets", "storerooms", "inventories", "purchase-orders"],
            Kind.Key,
            ["locationid"]
        ),
        (
            "assetKey",
            ["work-orders", "service-requests", "meter-readings"],
            Kind.Key,
            ["assetid", "equipmentid"]
        ),
        ("assetKeys", ["meters", "pm"], Kind.Key, ["assetid", "equipmentid"]),
        ("meterKey", ["meter-readings"], Kind.Key, ["meterid", "counterid"]),
        ("vendorKey", ["purchase-orders", "assets"], Kind.Key, ["vendorid", "supplierid"]),
        ("teamKey", [.. Works, "assets", "locations"], Kind.Key, ["teamid"]),
        ("workOrderKey", ["service-requests"], Kind.Key, ["workorderid"]),
        (
            "laborAssignedKey",
            Works,
            Kind.Key,
            ["assigneeid", "assignedtoid", "assigneduserid", "userid"]
        ),
        (
            "userRequestedKey",
            ["service-requests", "purchase-orders"],
            Kind.Key,
            ["requesterid", "requestedbyid", "requestorid"]
        ),
        (
            "userApprovedKey",
            ["service-requests", "purchase-orders"],
            Kind.Key,
            ["approvedbyid", "approverid"]
        ),
        ("serialNumber", ["assets"], Kind.Plain, ["serialnumber", "serialno", "serial"]),
        ("makeName", ["assets"], Kind.Plain, ["manufacturer", "make", "manufacturername"]),
        ("modelName", ["assets"], Kind.Plain, ["model", "modelname"]),
        (
            "manufacturerName",
            ["materials"],
            Kind.Plain,
            ["manufacturer", "manufacturername", "make"]
        ),
        ("criticality", ["assets", "materials"], Kind.Plain, ["criticality"]),
        ("uomKey", ["materials"], Kind.Plain, ["unit", "uom", "unitofmeasure"]),
        ("uomName", ["meters"], Kind.Plain, ["unit", "units", "uom", "unitofmeasure"]),
        (
            "minimumQuantity",
            ["materials"],
            Kind.Plain,
            ["minimumquantity", "minquantity", "minqtythreshold", "reorderpoint"]
        ),
        (
            "quantity",
            ["materials", "inventories"],
            Kind.Plain,
            ["quantity", "availablequantity", "quantityonhand", "onhand"]
        ),
        ("unitCost", ["materials", "inventories"], Kind.Plain, ["unitcost", "cost", "price"]),
        ("firstName", ["users"], Kind.Plain, ["firstname", "givenname"]),
        ("lastName", ["users"], Kind.Plain, ["lastname", "familyname", "surname"]),
        ("email", ["users"], Kind.Plain, ["email", "emailaddress"]),
        ("roleName", ["users"], Kind.Plain, ["role", "rolename", "accounttype"]),
        (
            "isActive",
            ["assets", "locations", "users", "materials"],
            Kind.Plain,
            ["isactive", "active"]
        ),
        ("address", ["sites", "locations"], Kind.Plain, ["address"]),
        ("lat", ["sites"], Kind.Plain, ["lat", "latitude"]),
        ("lng", ["sites"], Kind.Plain, ["lng", "lon", "longitude"]),
        ("reading", ["meter-readings"], Kind.Plain, ["reading", "value"]),
        ("lastReading", ["meters"], Kind.Plain, ["lastreading", "currentreading"]),
        ("lastReadingAt", ["meters"], Kind.Time, ["lastreadingat"]),
        (
            "estimatedTime",
            Works,
            Kind.Plain,
            ["estimatedtime", "estimatedhours", "estimatedduration"]
        ),
        (
            "completionRemarks",
            ["work-orders"],
            Kind.Plain,
            ["completionremarks", "completionnotes"]
        ),
        ("currencyKey", ["purchase-orders"], Kind.Plain, ["currency", "currencycode"]),
        (
            "totalNetValue",
            ["purchase-orders"],
            Kind.Plain,
            ["totalnetvalue", "total", "totalamount", "totalcost"]
        ),
        ("approvedAt", [.. Works, "purchase-orders"], Kind.Time, ["approvedat"]),
        (
            "dueAt",
            [.. Works, "purchase-orders"],
            Kind.Time,
            ["dueat", "duedate", "due", "expecteddate"]
        ),
        (
            "scheduledAt",
            ["work-orders"],
            Kind.Time,
            ["scheduledat", "startdate", "scheduledstart", "scheduleddate"]
        ),
        (
            "completedAt",
            ["work-orders", "purchase-orders"],
            Kind.Time,
            ["completedat", "datecompleted", "completedon", "completeddate", "receivedat"]
        ),
        (
            "activatedAt",
            ["assets"],
            Kind.Time,
            ["activatedat", "installedon", "installdate", "inservicedate", "startedon"]
        ),
        (
            "createdAt",
            [All],
            Kind.Time,
            ["createdat", "createdon", "datecreated", "createddate", "creationdate", "created"]
        ),
        (
            "updatedAt",
            [All],
            Kind.Time,
            [
                "updatedat",
                "modifiedat",
                "lastmodified",
                "updatedon",
                "datemodified",
                "lastupdated",
                "lastedited",
                "updated",
                "modified",
            ]
        ),
        ("deletedAt", [All], Kind.Time, ["deletedat", "deletedon"]),
    ];

    /// <summary>The mapping of an entity's record properties, given the property that is its primary key.</summary>
    public static JsonObject Draft(
        string entity,
        IReadOnlyList<KeyValuePair<string, JsonObject>> properties,
        string primaryKeyField,
        Func<JsonObject, string?> typeOf
    )
    {
        var byName = new Dictionary<string, KeyValuePair<string, JsonObject>>(
            StringComparer.Ordinal
        );
        foreach (var property in properties)
            byName.TryAdd(Names.Normalize(property.Key), property);
        var mapping = new JsonObject();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (unified, entities, kind, sources) in Table)
        {
            if (
                mapping.ContainsKey(unified)
                || !(entities.Contains(All) || entities.Contains(entity))
            )
                continue;
            var candidates =
                unified == "key" ? [Names.Normalize(primaryKeyField), .. sources] : sources;
            foreach (var source in candidates)
            {
                if (!byName.TryGetValue(source, out var property) || used.Contains(property.Key))
                    continue;
                var type = typeOf(property.Value);
                if (type is "object" or "array")
                    continue;
                used.Add(property.Key);
                var pointer = "/" + Names.PointerToken(property.Key);
                mapping[unified] = (kind, type) switch
                {
                    (Kind.Key, not "string") => Rule(pointer, "string"),
                    (Kind.Time, "integer") => Rule(pointer, "epochSeconds"),
                    _ => pointer,
                };
                break;
            }
        }
        return mapping;
    }

    private static JsonObject Rule(string pointer, string type) =>
        new() { ["path"] = pointer, ["type"] = type };
}
