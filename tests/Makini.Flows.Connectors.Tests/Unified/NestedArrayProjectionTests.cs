using System.Text.Json;
using Makini.Flows.Connectors.Unified;

namespace Makini.Flows.Connectors.Tests.Unified;

/// <summary>Array rules: a source array mapped item by item into a unified array of objects (tasks, line items).</summary>
public sealed class NestedArrayProjectionTests
{
    private static readonly Makini.Flows.Connectors.Manifests.StreamSpec WorkOrders = Streams.With(
        "work-orders",
        """
        {
          "title": "/title",
          "tasks": {
            "path": "/steps",
            "items": {
              "key": "/id",
              "title": "/label",
              "priority": {"path": "/level", "values": {"1": "low", "2": "high"}},
              "checkList": "/checks"
            }
          }
        }
        """
    );

    private static readonly Makini.Flows.Connectors.Manifests.StreamSpec PurchaseOrders =
        Streams.With(
            "purchase-orders",
            """
            {
              "updatedAt": "/updated",
              "lineItems": {
                "path": "/lines",
                "items": {
                  "key": "/lineId",
                  "name": "/description",
                  "materialKey": "/partId",
                  "quantity": {"path": "/qty", "type": "number"},
                  "dueAt": {"path": "/due", "type": "epochSeconds"},
                  "updatedAt": "/updated"
                }
              }
            }
            """
        );

    [Fact]
    public void Items_take_the_types_of_the_item_schema_and_leave_out_fields_without_a_value()
    {
        var projected = Streams.Project(
            WorkOrders,
            """
            {"id": 1, "title": "Pump", "steps": [
              {"id": 501, "label": "Isolate", "level": 2, "checks": "valve closed"},
              {"id": 502, "label": null, "level": 1, "checks": []}
            ]}
            """
        );

        projected.Unified["tasks"]!
            .ToJsonString()
            .ShouldBe(
                """[{"checkList":["valve closed"],"key":"501","priority":"high","title":"Isolate"},{"checkList":[],"key":"502","priority":"low"}]"""
            );
        projected.Unconvertible.ShouldBeEmpty();
    }

    [Fact]
    public void Times_numbers_and_keys_are_converted_inside_items()
    {
        var projected = Streams.Project(
            PurchaseOrders,
            """
            {"id": "PO-1", "updated": "2024-05-02T09:00:00+02:00", "lines": [
              {"lineId": 1, "partId": 77, "qty": "3", "due": 1714550400, "updated": "2024-05-01T10:00:00Z"}
            ]}
            """
        );

        var item = projected.Unified["lineItems"]![0]!.AsObject();
        item["key"]!.GetValue<string>().ShouldBe("1");
        item["materialKey"]!.GetValue<string>().ShouldBe("77");
        item["dueAt"]!.GetValue<string>().ShouldBe("2024-05-01T08:00:00.000Z");
        item["updatedAt"]!.GetValue<string>().ShouldBe("2024-05-01T10:00:00.000Z");
        // Makini types POLineItem.quantity as an object: a number is not one.
        item.ContainsKey("quantity").ShouldBeFalse();
        projected.Unconvertible.ShouldBe(["lineItems/0/quantity"]);
    }

    [Fact]
    public void Bad_items_are_left_out_and_named_without_failing_the_record()
    {
        var projected = Streams.Project(
            WorkOrders,
            """{"id": 1, "steps": [7, {"label": "Lock out"}, null, {"id": {"x": 1}, "label": "Test"}]}"""
        );

        var tasks = projected.Unified["tasks"]!.AsArray();
        tasks.Select(t => (string?)t!["title"]).ShouldBe(["Lock out", "Test"]);
        // No key (or one that cannot be text): the item's position in the source array.
        tasks.Select(t => (string?)t!["key"]).ShouldBe(["2", "4"]);
        projected.Unconvertible.ShouldBe(["tasks/0", "tasks/2", "tasks/3/key"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("""{"id": 1}""", null)]
    [InlineData("""{"id": 1, "steps": null}""", null)]
    [InlineData("""{"id": 1, "steps": []}""", "[]")]
    [InlineData("""{"id": 1, "steps": {"label": "Only"}}""", """[{"key":"1","title":"Only"}]""")]
    public void A_missing_array_is_left_out_an_empty_one_kept_and_a_single_object_is_one_item(
        string record,
        string? tasks
    )
    {
        Streams.Project(WorkOrders, record).Unified["tasks"]?.ToJsonString().ShouldBe(tasks);
    }

    [Fact]
    public void A_source_value_that_is_no_array_is_unconvertible()
    {
        var projected = Streams.Project(WorkOrders, """{"id": 1, "steps": "none"}""");

        projected.Unified.ContainsKey("tasks").ShouldBeFalse();
        projected.Unconvertible.ShouldBe(["tasks"]);
    }

    [Fact]
    public void A_change_inside_an_item_changes_the_hash()
    {
        var before = Streams.Project(
            WorkOrders,
            """{"id": 1, "steps": [{"id": 1, "label": "A"}]}"""
        );
        var after = Streams.Project(
            WorkOrders,
            """{"id": 1, "steps": [{"id": 1, "label": "B"}]}"""
        );

        after.Hash.ShouldNotBe(before.Hash);
    }

    [Fact]
    public void Line_items_become_records_of_their_own_typed_as_LineItem()
    {
        var raw = JsonElement.Parse(
            """
            {"id": "PO-1", "updated": "2024-05-02T09:00:00Z", "lines": [
              {"lineId": 1, "partId": 77, "qty": 3, "updated": "2024-05-01T10:00:00Z"},
              {"description": "Freight"},
              "bad"
            ]}
            """
        );
        var entity = UnifiedModel.Find("purchase-orders.line-items")!;
        var parent = RecordProjection.Project(
            PurchaseOrders,
            UnifiedModel.Find("purchase-orders")!,
            raw
        );

        DerivedProjection.Derives(PurchaseOrders, entity).ShouldBeTrue();
        var lines = DerivedProjection.Project(PurchaseOrders, entity, raw, parent);

        lines.Select(l => l.SourceKey).ShouldBe(["PO-1:1", "PO-1:2"]);
        lines[0]
            .UnifiedJson.ShouldBe(
                """{"key":"PO-1:1","materialKey":"77","poKey":"PO-1","quantity":"3","updatedAt":"2024-05-01T10:00:00.000Z"}"""
            );
        // Without a time of its own, a line item was last changed with its purchase order.
        lines[1].UpdatedAt.ShouldBe(new DateTime(2024, 5, 2, 9, 0, 0, DateTimeKind.Utc));
        lines[1].Unified["name"]!.GetValue<string>().ShouldBe("Freight");
        lines[0].Hash.ShouldNotBe(lines[1].Hash);
        DerivedProjection
            .SourceKeys(entity.DerivedFrom!, "PO-1", parent.Unified)
            .ShouldBe(["PO-1:1", "PO-1:2"]);
    }

    [Fact]
    public void Line_items_of_a_deleted_purchase_order_are_deleted()
    {
        var stream = Streams.With(
            "purchase-orders",
            """{"lineItems": {"path": "/lines", "items": {"key": "/lineId"}}}""",
            deleted: "/gone"
        );
        var raw = JsonElement.Parse(
            """{"id": 9, "gone": "2024-06-01T00:00:00Z", "lines": [{"lineId": 1}]}"""
        );
        var entity = UnifiedModel.Find("purchase-orders.line-items")!;
        var parent = RecordProjection.Project(stream, UnifiedModel.Find("purchase-orders")!, raw);

        DerivedProjection
            .Project(stream, entity, raw, parent)
            .ShouldHaveSingleItem()
            .DeletedAt.ShouldBe(new DateTime(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void A_purchase_order_mapping_without_line_items_derives_none()
    {
        var stream = Streams.With("purchase-orders", """{"title": "/title"}""");
        var entity = UnifiedModel.Find("purchase-orders.line-items")!;

        DerivedProjection.Derives(stream, entity).ShouldBeFalse();
        DerivedProjection
            .Project(
                stream,
                entity,
                JsonElement.Parse("""{"id": 1}"""),
                Streams.Project(stream, """{"id": 1}""")
            )
            .ShouldBeEmpty();
    }

    [Fact]
    public void Item_schemas_are_Makinis()
    {
        var workOrder = UnifiedModel.Find("work-orders")!;
        workOrder.Fields["tasks"].ItemSchema.ShouldBe("Task");
        UnifiedModel.Find("purchase-orders")!.Fields["lineItems"].ItemSchema.ShouldBe("POLineItem");
        UnifiedModel.Component("Task")!.Fields["checkList"].Type.ShouldBe(UnifiedTypes.Array);
        UnifiedModel.Component("POLineItem")!.Fields["dueAt"].Type.ShouldBe(UnifiedTypes.DateTime);
        UnifiedModel
            .DerivedFrom("purchase-orders")
            .ShouldHaveSingleItem()
            .Name.ShouldBe("purchase-orders.line-items");
    }
}
