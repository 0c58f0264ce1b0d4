using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Runtime;
using Makini.Flows.Connectors.Unified;

namespace Makini.Flows.Connectors.Tests.Unified;

public sealed class RecordProjectionTests
{
    private const string WorkOrderMapping = """
        {
          "key": {"path": "/id", "type": "string"},
          "code": {"path": "/sequentialId", "type": "string"},
          "title": "/title",
          "statusKey": "/status",
          "severity": "/priority",
          "assetKey": {"path": "/asset/id", "type": "string"},
          "dueAt": "/dueDate",
          "createdAt": "/createdAt",
          "updatedAt": "/updatedAt",
          "deletedAt": "/deletedAt"
        }
        """;

    private const string WorkOrder = """
        {
          "id": 1042,
          "sequentialId": 17,
          "title": "Replace pump seal",
          "status": "IN_PROGRESS",
          "priority": "HIGH",
          "asset": {"id": 88, "name": "Pump 3"},
          "dueDate": "2024-05-03T12:00:00.000Z",
          "createdAt": "2024-05-01T08:00:00.000Z",
          "updatedAt": "2024-05-02T09:15:30.250Z",
          "deletedAt": null,
          "extraFields": {"colour": "red"}
        }
        """;

    private static readonly Makini.Flows.Connectors.Manifests.StreamSpec WorkOrders = Streams.With(
        "work-orders",
        WorkOrderMapping,
        deleted: "/deletedAt"
    );

    [Fact]
    public void A_record_becomes_its_unified_fields_in_ordinal_order_with_keys_as_text()
    {
        var projected = Streams.Project(WorkOrders, WorkOrder);

        projected
            .Unified.ToJsonString()
            .ShouldBe(
                """{"assetKey":"88","code":"17","createdAt":"2024-05-01T08:00:00.000Z","dueAt":"2024-05-03T12:00:00.000Z","key":"1042","severity":"HIGH","statusKey":"IN_PROGRESS","title":"Replace pump seal","updatedAt":"2024-05-02T09:15:30.250Z"}"""
            );
        projected.SourceKey.ShouldBe("1042");
        projected.Key.ShouldBe("1042");
        projected.UpdatedAt.ShouldBe(new DateTime(2024, 5, 2, 9, 15, 30, 250, DateTimeKind.Utc));
        projected.UpdatedAt!.Value.Kind.ShouldBe(DateTimeKind.Utc);
        projected.DeletedAt.ShouldBeNull();
        projected.Unconvertible.ShouldBeEmpty();
    }

    [Fact]
    public void The_unified_text_and_status_are_those_of_the_unified_record()
    {
        var projected = Streams.Project(WorkOrders, WorkOrder);

        projected.UnifiedJson.ShouldBe(projected.Unified.ToJsonString());
        projected.StatusKey.ShouldBe("IN_PROGRESS");
        Streams.Project(WorkOrders, """{"id": 1}""").StatusKey.ShouldBeNull();
        var made = new ProjectedRecord(
            "1",
            "1",
            new JsonObject { ["key"] = "1", ["statusKey"] = "open" },
            "{}",
            "h",
            null,
            null
        );
        made.UnifiedJson.ShouldBe("""{"key":"1","statusKey":"open"}""");
        made.StatusKey.ShouldBe("open");
    }

    [Fact]
    public void The_source_record_is_kept_as_it_was_answered()
    {
        var projected = Streams.Project(WorkOrders, WorkOrder);

        projected.RawJson.ShouldBe(JsonElement.Parse(WorkOrder).GetRawText());
        JsonNode.Parse(projected.RawJson)!["extraFields"]!["colour"]!
            .GetValue<string>()
            .ShouldBe("red");
    }

    [Fact]
    public void Without_a_key_in_the_mapping_the_primary_key_is_the_key()
    {
        var stream = Streams.With("assets", """{"name": "/name"}""", primaryKey: "/assetID");

        var projected = Streams.Project(stream, """{"assetID": 311, "name": "Boiler"}""");

        projected.Key.ShouldBe("311");
        projected.SourceKey.ShouldBe("311");
        projected.Unified.ToJsonString().ShouldBe("""{"key":"311","name":"Boiler"}""");
    }

    [Fact]
    public void A_mapped_key_the_record_lacks_falls_back_to_the_primary_key()
    {
        var stream = Streams.With("assets", """{"key": "/assetnum"}""", primaryKey: "/assetid");

        Streams.Project(stream, """{"assetid": 5, "assetnum": ""}""").Key.ShouldBe("5");
        Streams.Project(stream, """{"assetid": 5, "assetnum": {"x": 1}}""").Key.ShouldBe("5");
    }

    [Fact]
    public void The_key_may_differ_from_the_source_key()
    {
        var stream = Streams.With("assets", """{"key": "/assetnum"}""", primaryKey: "/assetid");

        var projected = Streams.Project(stream, """{"assetid": 5, "assetnum": "PUMP-11"}""");

        projected.Key.ShouldBe("PUMP-11");
        projected.SourceKey.ShouldBe("5");
        projected.Unified["key"]!.GetValue<string>().ShouldBe("PUMP-11");
    }

    [Fact]
    public void A_record_without_its_primary_key_is_an_invalid_response_naming_the_pointer()
    {
        var failure = Should.Throw<ConnectorException>(() =>
            Streams.Project(WorkOrders, """{"title": "No id"}""")
        );

        failure.Code.ShouldBe(ConnectorErrorCode.InvalidResponse);
        failure.Message.ShouldContain("/id");
        failure.Message.ShouldContain("work-orders");
    }

    [Fact]
    public void A_record_that_is_not_an_object_is_an_invalid_response()
    {
        Should
            .Throw<ConnectorException>(() => Streams.Project(WorkOrders, "[1, 2]"))
            .Code.ShouldBe(ConnectorErrorCode.InvalidResponse);
    }

    [Fact]
    public void Field_names_the_source_wrote_with_escapes_are_found()
    {
        var projected = Streams.Project(
            WorkOrders,
            """{"\u0069d": 7, "t\u0069tle": "Escaped", "asset": {"\u0069d": 3}}"""
        );

        projected.SourceKey.ShouldBe("7");
        projected.Unified["title"]!.GetValue<string>().ShouldBe("Escaped");
        projected.Unified["assetKey"]!.GetValue<string>().ShouldBe("3");
    }

    [Fact]
    public void A_field_the_source_repeats_takes_its_last_value()
    {
        Streams.Project(WorkOrders, """{"id": 1, "title": "first", "title": "last"}""").Unified[
            "title"
        ]!
            .GetValue<string>()
            .ShouldBe("last");
    }

    [Fact]
    public void Many_fields_in_any_order_each_get_their_own_value()
    {
        var names = Enumerable.Range(0, 60).Select(i => $"f{i}{new string('x', i % 7)}").ToList();
        var stream = Streams.With(
            "users",
            "{" + string.Join(",", names.Select(n => $"\"{n}\": \"/{n}\"")) + "}"
        );
        foreach (var order in new[] { names, names.AsEnumerable().Reverse().ToList() })
        {
            var record =
                "{\"id\": 1," + string.Join(",", order.Select(n => $"\"{n}\": \"v-{n}\"")) + "}";

            var unified = Streams.Project(stream, record).Unified;

            foreach (var name in names)
                unified[name]!.GetValue<string>().ShouldBe($"v-{name}");
        }
    }

    [Fact]
    public void Source_fields_the_mapping_does_not_name_stay_out_of_the_unified_record()
    {
        var projected = Streams.Project(WorkOrders, WorkOrder);

        projected.Unified.ContainsKey("extraFields").ShouldBeFalse();
        projected.Unified.ContainsKey("id").ShouldBeFalse();
        projected.Unified.ContainsKey("deletedAt").ShouldBeFalse();
    }

    [Fact]
    public void UpdatedAt_comes_from_the_unified_updatedAt_whatever_the_source_format()
    {
        var stream = Streams.With(
            "work-orders",
            """{"updatedAt": {"path": "/lastEdited", "type": "epochSeconds"}}""",
            primaryKey: "/taskID"
        );

        var projected = Streams.Project(stream, """{"taskID": 1, "lastEdited": 1714557600}""");

        projected.UpdatedAt.ShouldBe(new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc));
        Streams.Project(stream, """{"taskID": 1, "lastEdited": 0}""").UpdatedAt.ShouldBeNull();
    }

    [Fact]
    public void A_mapped_deletedAt_marks_the_record_deleted()
    {
        var record = JsonNode.Parse(WorkOrder)!;
        record["deletedAt"] = "2024-05-04T00:00:00Z";

        var projected = Streams.Project(WorkOrders, record.ToJsonString());

        projected.DeletedAt.ShouldBe(new DateTime(2024, 5, 4, 0, 0, 0, DateTimeKind.Utc));
        projected.Unified["deletedAt"]!.GetValue<string>().ShouldBe("2024-05-04T00:00:00.000Z");
    }

    [Theory]
    [InlineData("true", "2024-05-02T09:15:30.250Z")]
    [InlineData("\"2024-05-04T01:02:03Z\"", "2024-05-04T01:02:03.000Z")]
    [InlineData("\"yes\"", "2024-05-02T09:15:30.250Z")]
    [InlineData("1", "2024-05-02T09:15:30.250Z")]
    [InlineData("false", null)]
    [InlineData("null", null)]
    [InlineData("\"\"", null)]
    [InlineData("\"false\"", null)]
    [InlineData("0", null)]
    public void The_stream_s_deleted_field_marks_a_record_deleted_when_true_or_a_time(
        string mark,
        string? deletedAt
    )
    {
        var stream = Streams.With(
            "work-orders",
            """{"updatedAt": "/updatedAt"}""",
            deleted: "/isDeleted"
        );

        var projected = Streams.Project(
            stream,
            $$"""{"id": 1, "updatedAt": "2024-05-02T09:15:30.250Z", "isDeleted": {{mark}}}"""
        );

        projected.DeletedAt.ShouldBe(
            deletedAt is null ? null : DateTime.Parse(deletedAt).ToUniversalTime()
        );
    }

    [Fact]
    public void A_deleted_flag_without_a_time_or_updatedAt_is_deleted_now()
    {
        var stream = Streams.With("work-orders", """{"title": "/title"}""", deleted: "/deleted");
        var before = DateTime.UtcNow.AddMilliseconds(-1);

        var projected = Streams.Project(stream, """{"id": 1, "deleted": true}""");

        projected.DeletedAt.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(before);
        projected.DeletedAt!.Value.Kind.ShouldBe(DateTimeKind.Utc);
    }

    [Fact]
    public void A_record_without_the_deleted_field_is_not_deleted()
    {
        Streams.Project(WorkOrders, """{"id": 1}""").DeletedAt.ShouldBeNull();
    }

    [Fact]
    public void The_same_record_has_the_same_hash_a_sha256_in_hex()
    {
        var first = Streams.Project(WorkOrders, WorkOrder);
        var second = Streams.Project(WorkOrders, WorkOrder);

        first.Hash.ShouldBe(second.Hash);
        first.Hash.ShouldMatch("^[0-9a-f]{64}$");
    }

    [Fact]
    public void Changing_any_field_of_the_source_record_changes_the_hash()
    {
        var original = Streams.Project(WorkOrders, WorkOrder).Hash;
        var record = JsonNode.Parse(WorkOrder)!.AsObject();
        var changes = new List<(string Field, JsonNode? Value)>();
        foreach (var (field, value) in record)
            changes.Add(
                (
                    field,
                    value is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? 1 : "changed"
                )
            );
        changes.Add(("asset", new JsonObject { ["id"] = 88, ["name"] = "Pump 4" }));
        changes.Add(("extraFields", new JsonObject { ["colour"] = "blue" }));
        changes.Add(("newField", "added"));

        foreach (var (field, value) in changes)
        {
            var changed = record.DeepClone().AsObject();
            changed[field] = value;

            Streams
                .Project(WorkOrders, changed.ToJsonString())
                .Hash.ShouldNotBe(original, $"{field} changed");
        }
    }

    [Fact]
    public void A_different_mapping_of_the_same_record_changes_the_hash()
    {
        var other = Streams.With("work-orders", WorkOrderMapping.Replace("/priority", "/status"));

        Streams
            .Project(other, WorkOrder)
            .Hash.ShouldNotBe(Streams.Project(WorkOrders, WorkOrder).Hash);
    }

    [Fact]
    public void The_same_stream_projects_into_another_entity()
    {
        var asMaterial = RecordProjection.Project(
            WorkOrders,
            UnifiedModel.Find("materials")!,
            JsonElement.Parse("""{"id": 1, "title": "t", "dueDate": "next week"}""")
        );

        asMaterial.Unified["title"]!.GetValue<string>().ShouldBe("t");
        asMaterial.Unconvertible.ShouldBe(["dueAt"]);
        Streams.Project(WorkOrders, WorkOrder).Unified["dueAt"].ShouldNotBeNull();
    }

    [Fact]
    public void Projections_on_many_threads_at_once_are_those_of_one_thread()
    {
        var records = Enumerable
            .Range(1, 2_000)
            .Select(i =>
                WorkOrder.Replace("1042", i.ToString()).Replace("Replace pump seal", $"Task {i}")
            )
            .ToArray();
        var sequential = records.Select(r => Streams.Project(WorkOrders, r)).ToArray();

        var parallel = records
            .AsParallel()
            .WithDegreeOfParallelism(4)
            .Select(r => Streams.Project(WorkOrders, r))
            .ToArray();

        parallel.Select(p => p.Hash).ShouldBe(sequential.Select(p => p.Hash));
        parallel
            .Select(p => p.Unified.ToJsonString())
            .ShouldBe(sequential.Select(p => p.Unified.ToJsonString()));
        sequential.Select(p => p.Hash).Distinct().Count().ShouldBe(records.Length);
    }
}
