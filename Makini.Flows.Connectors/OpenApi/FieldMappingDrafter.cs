using System.Text.Json.Nodes;

namespace Makini.Flows.Connectors.OpenApi;

/// <summary>
/// The default mapping of a stream: record fields whose names match a unified field (<c>id</c> -> <c>key</c>,
/// <c>title</c> -> <c>name</c>, <c>assetId</c> -> <c>assetKey</c>...). Keys and references become strings.
/// </summary>
public static class FieldMappingDrafter
{
    // Unified field, whether it is a key (text), and the source names (normalized) that fill it, best first.
    private static readonly (string Unified, bool Key, string[] Sources)[] Table =
    [
        ("key", true, ["id"]),
        ("name", false, ["name", "title", "displayname", "fullname"]),
        ("description", false, ["description", "desc"]),
        ("code", false, ["code"]),
        ("statusKey", false, ["status", "statusid", "statuscode"]),
        ("priority", false, ["priority", "priorityid"]),
        ("typeKey", false, ["type", "typeid", "worktype"]),
        ("parentKey", true, ["parentid"]),
        ("siteKey", true, ["siteid", "facilityid", "plantid"]),
        ("locationKey", true, ["locationid"]),
        ("assetKey", true, ["assetid", "equipmentid"]),
        ("vendorKey", true, ["vendorid", "supplierid"]),
        ("teamKey", true, ["teamid"]),
        ("workOrderKey", true, ["workorderid"]),
        ("materialKey", true, ["partid", "materialid", "itemid"]),
        ("meterKey", true, ["meterid"]),
        ("userKey", true, ["userid"]),
        ("requestedByKey", true, ["requesterid", "requestedbyid", "requestedby"]),
        ("assignedToKey", true, ["assigneeid", "assignedtoid", "assignedto"]),
        ("serialNumber", false, ["serialnumber", "serialno", "serial"]),
        ("barcode", false, ["barcode"]),
        ("manufacturer", false, ["manufacturer", "make"]),
        ("model", false, ["model"]),
        ("partNumber", false, ["partnumber", "partno"]),
        ("address", false, ["address"]),
        ("firstName", false, ["firstname", "givenname"]),
        ("lastName", false, ["lastname", "familyname", "surname"]),
        ("email", false, ["email", "emailaddress"]),
        ("phone", false, ["phone", "phonenumber", "telephone", "mobile"]),
        ("role", false, ["role", "rolename"]),
        ("unit", false, ["unit", "units", "unitofmeasure", "uom"]),
        ("unitCost", false, ["unitcost", "cost", "price"]),
        ("quantity", false, ["quantity", "availablequantity", "quantityonhand", "onhand"]),
        ("minimumQuantity", false, ["minimumquantity", "minquantity", "reorderpoint"]),
        ("dueDate", false, ["duedate", "dueat", "due"]),
        ("startDate", false, ["startdate", "startat", "scheduledstart"]),
        ("completedAt", false, ["completedat", "datecompleted", "completedon", "completeddate"]),
        ("createdAt", false, ["createdat", "createdon", "datecreated", "createddate", "created"]),
        (
            "updatedAt",
            false,
            [
                "updatedat",
                "modifiedat",
                "lastmodified",
                "updatedon",
                "datemodified",
                "lastupdated",
                "updated",
                "modified",
            ]
        ),
        ("deletedAt", false, ["deletedat", "deletedon"]),
    ];

    /// <summary>The mapping of the record properties, and the name of the property that is the primary key.</summary>
    public static JsonObject Draft(
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
        foreach (var (unified, isKey, sources) in Table)
        {
            var candidates =
                unified == "key" ? [Names.Normalize(primaryKeyField), .. sources] : sources;
            foreach (var source in candidates)
            {
                if (!byName.TryGetValue(source, out var property) || !used.Add(property.Key))
                    continue;
                var pointer = "/" + Names.PointerToken(property.Key);
                var type = typeOf(property.Value);
                if (type is "object" or "array")
                {
                    used.Remove(property.Key);
                    continue;
                }
                mapping[unified] =
                    isKey && type != "string"
                        ? new JsonObject { ["path"] = pointer, ["type"] = "string" }
                        : pointer;
                break;
            }
        }
        return mapping;
    }
}
