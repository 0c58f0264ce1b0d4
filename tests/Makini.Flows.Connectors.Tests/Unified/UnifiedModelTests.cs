using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Manifests;
using Makini.Flows.Connectors.Unified;

namespace Makini.Flows.Connectors.Tests.Unified;

public sealed class UnifiedModelTests
{
    [Fact]
    public void The_entities_are_those_a_stream_may_read_with_the_schema_Makini_answers_and_their_event_names()
    {
        UnifiedModel
            .Entities.Select(e => $"{e.Name} {e.SchemaName} {e.EventName}")
            .ShouldBe([
                "sites Site site",
                "locations Location location",
                "assets Asset asset",
                "work-orders WorkOrder work-order",
                "service-requests ServiceRequest service-request",
                "materials Part material",
                "purchase-orders PurchaseOrder purchase-order",
                "purchase-orders.line-items LineItem line-item",
                "users User user",
                "vendors Vendor vendor",
                "teams Team team",
                "meters Counter meter",
                "meter-readings CounterReading meter-reading",
                "pm PreventiveMaintenance pm",
                "storerooms Storeroom storeroom",
                "inventories Inventory inventory",
            ]);
        var streamEntities = JsonNode.Parse(ConnectorSchema.Text)!["definitions"]!["stream"]![
            "properties"
        ]!["entity"]!["enum"]!
            .AsArray()
            .Select(e => (string)e!);
        // Line items are made from purchase orders' lineItems, never read from a stream of their own.
        UnifiedModel
            .Entities.Where(e => e.DerivedFrom is null)
            .Select(e => e.Name)
            .Order()
            .ShouldBe(streamEntities.Order());
        UnifiedModel.Statuses.SchemaName.ShouldBe("Status");
        UnifiedModel.CustomFields.SchemaName.ShouldBe("CustomField");
    }

    [Fact]
    public void Find_answers_an_entity_by_its_name_and_null_for_an_unknown_one()
    {
        UnifiedModel.Find("work-orders")!.SchemaName.ShouldBe("WorkOrder");
        UnifiedModel.Find("materials")!.SchemaName.ShouldBe("Part");
        UnifiedModel.Find("statuses").ShouldBeNull();
        UnifiedModel.Find("Work-Orders").ShouldBeNull();
    }

    [Fact]
    public void Every_entity_has_a_text_key_and_times_are_datetimes()
    {
        foreach (var entity in UnifiedModel.Entities)
        {
            entity.Fields["key"].Type.ShouldBe(UnifiedTypes.String, entity.Name);
            // Makini's LineItem types its uomKey as an object, unlike every other *Key.
            foreach (
                var field in entity.Fields.Values.Where(f =>
                    f.Name.EndsWith("Key")
                    && !(entity.SchemaName == "LineItem" && f.Name == "uomKey")
                )
            )
                field.Type.ShouldBe(UnifiedTypes.String, $"{entity.Name}.{field.Name}");
            foreach (var field in entity.Fields.Values.Where(f => f.Name.EndsWith("At")))
                field.Type.ShouldBe(UnifiedTypes.DateTime, $"{entity.Name}.{field.Name}");
        }
        foreach (var entity in UnifiedModel.Entities.Where(e => e.Name != "meter-readings"))
            entity.Fields["updatedAt"].Type.ShouldBe(UnifiedTypes.DateTime, entity.Name);
    }

    [Theory]
    [InlineData("work-orders", "title", UnifiedTypes.String)]
    [InlineData("work-orders", "statusKey", UnifiedTypes.String)]
    [InlineData("work-orders", "dueAt", UnifiedTypes.DateTime)]
    [InlineData("work-orders", "tasks", UnifiedTypes.Array)]
    [InlineData("work-orders", "deletedAt", UnifiedTypes.DateTime)]
    [InlineData("purchase-orders", "lineItems", UnifiedTypes.Array)]
    [InlineData("purchase-orders", "shipmentDate", UnifiedTypes.DateTime)]
    [InlineData("purchase-orders", "orderDate", UnifiedTypes.Object)]
    [InlineData("purchase-orders", "shipmentAddress", UnifiedTypes.Object)]
    [InlineData("assets", "isActive", UnifiedTypes.Boolean)]
    [InlineData("materials", "minimumQuantity", UnifiedTypes.String)]
    [InlineData("materials", "assetKeys", UnifiedTypes.Array)]
    [InlineData("materials", "inventory", UnifiedTypes.Object)]
    [InlineData("users", "isActive", UnifiedTypes.String)]
    [InlineData("meters", "assetKeys", UnifiedTypes.String)]
    [InlineData("meters", "lastReadingAt", UnifiedTypes.DateTime)]
    [InlineData("inventories", "quantity", UnifiedTypes.Integer)]
    [InlineData("pm", "triggers", UnifiedTypes.Array)]
    public void Field_types_are_those_of_Makini_s_schemas(string entity, string field, string type)
    {
        UnifiedModel.Find(entity)!.Fields[field].Type.ShouldBe(type);
    }

    [Fact]
    public void The_committed_extract_holds_exactly_the_schemas_the_entities_need()
    {
        var schemas = UnifiedModel.ComponentSchemas();
        var needed = new HashSet<string>();
        var roots = UnifiedModel
            .Entities.Append(UnifiedModel.Statuses)
            .Append(UnifiedModel.CustomFields)
            .Select(e => e.SchemaName);
        var pending = new Stack<string>(roots);
        while (pending.TryPop(out var name))
        {
            if (!needed.Add(name))
                continue;
            schemas.ContainsKey(name).ShouldBeTrue($"{name} is referenced but not extracted");
            foreach (var reference in References(schemas[name]))
                pending.Push(reference);
        }

        schemas.Select(s => s.Key).Order().ShouldBe(needed.Order());
    }

    [Fact]
    public void A_validation_schema_refers_to_its_definitions()
    {
        var schema = UnifiedModel.ValidationSchema(UnifiedModel.Find("work-orders")!);

        schema["properties"]!["tasks"]!["items"]!["$ref"]!
            .GetValue<string>()
            .ShouldBe("#/definitions/Task");
        schema["definitions"]!["Task"]!["properties"]!["title"].ShouldNotBeNull();
        References(schema).ShouldNotContain(r => !schema["definitions"]!.AsObject().ContainsKey(r));
    }

    private static IEnumerable<string> References(JsonNode? node) =>
        node switch
        {
            JsonObject obj => obj.SelectMany(p =>
                p.Key == "$ref" ? [p.Value!.GetValue<string>().Split('/')[^1]] : References(p.Value)
            ),
            JsonArray array => array.SelectMany(References),
            _ => [],
        };
}
