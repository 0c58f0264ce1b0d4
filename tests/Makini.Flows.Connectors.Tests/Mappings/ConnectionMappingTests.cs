using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Connectors.Mappings;
using Makini.Flows.Connectors.Tests.Unified;
using Makini.Flows.Connectors.Unified;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Connectors.Tests.Mappings;

/// <summary>A connection's mapping document over a stream's default: what each kind of rule makes of a record.</summary>
public sealed class ConnectionMappingTests
{
    private static readonly FlowEngine Engine = new();

    private static readonly Makini.Flows.Connectors.Manifests.StreamSpec Stream = Streams.With(
        "work-orders",
        """
        {
          "key": {"path": "/id", "type": "string"},
          "title": "/title",
          "statusKey": "/status",
          "severity": "/priority",
          "assetKey": "/assetId",
          "dueAt": "/dueDate",
          "updatedAt": "/updatedAt"
        }
        """
    );

    private const string Record = """
        {
          "id": 7,
          "title": "Replace seal",
          "summary": "Pump 3 leaks",
          "status": "IN_PROGRESS",
          "priority": 3,
          "assetId": 88,
          "dueDate": "2024-05-03T12:00:00Z",
          "due_epoch": 1714737600,
          "updatedAt": "2024-05-02T09:15:30Z",
          "cost": "1250.50",
          "flag": "yes",
          "cost_center": "CC-12"
        }
        """;

    private static ConnectionMapping Compile(string document)
    {
        var problems = new List<FlowProblem>();
        var mapping = MappingCompiler.Compile(
            Stream,
            UnifiedModel.Find("work-orders")!,
            document,
            Engine,
            1,
            problems
        );
        problems.ShouldBeEmpty(string.Join("; ", problems));
        return mapping!;
    }

    private static JsonObject Project(ConnectionMapping mapping, string record = Record) =>
        mapping.Project(JsonElement.Parse(record), TestContext.Current.CancellationToken).Unified;

    [Fact]
    public void Paths_constants_tables_conversions_and_removals_overlay_the_default()
    {
        var record = Project(
            Compile(
                """
                {
                  "fields": {
                    "title": "/summary",
                    "severity": {"path": "/priority", "values": {"1": "low", "2": "medium", "3": "high"}},
                    "dueAt": {"path": "/due_epoch", "type": "epochSeconds"},
                    "categoryName": {"value": "corrective"},
                    "assetKey": null
                  }
                }
                """
            )
        );

        record["title"]!.GetValue<string>().ShouldBe("Pump 3 leaks");
        record["severity"]!.GetValue<string>().ShouldBe("high");
        record["dueAt"]!.GetValue<string>().ShouldBe("2024-05-03T12:00:00.000Z");
        record["categoryName"]!.GetValue<string>().ShouldBe("corrective");
        record.ContainsKey("assetKey").ShouldBeFalse();
        record["statusKey"]!.GetValue<string>().ShouldBe("IN_PROGRESS");
        record["key"]!.GetValue<string>().ShouldBe("7");
    }

    [Fact]
    public void Custom_fields_are_typed_and_present_in_every_record_even_when_empty()
    {
        var mapping = Compile(
            """
            {
              "customFields": {
                "costCenter": {"type": "string", "path": "/cost_center"},
                "cost": {"type": "number", "path": "/cost"},
                "flagged": {"type": "boolean", "path": "/flag", "values": {"yes": true, "no": false}},
                "missing": {"type": "string", "path": "/nowhere"},
                "plant": {"type": "string", "value": "Riverbend"}
              }
            }
            """
        );
        var custom = Project(mapping)["customFields"]!.AsObject();

        custom["costCenter"]!.GetValue<string>().ShouldBe("CC-12");
        custom["cost"]!.GetValue<decimal>().ShouldBe(1250.50m);
        custom["flagged"]!.GetValue<bool>().ShouldBeTrue();
        custom.ContainsKey("missing").ShouldBeTrue();
        custom["missing"].ShouldBeNull();
        custom["plant"]!.GetValue<string>().ShouldBe("Riverbend");
        mapping
            .CustomFields.Select(c => (c.Name, c.Type))
            .ShouldBe([
                ("costCenter", "string"),
                ("cost", "number"),
                ("flagged", "boolean"),
                ("missing", "string"),
                ("plant", "string"),
            ]);
    }

    [Fact]
    public void A_value_that_cannot_be_of_the_field_type_is_null_and_listed()
    {
        var projected = Compile(
                """{"customFields": {"cost": {"type": "number", "path": "/title"}}}"""
            )
            .Project(JsonElement.Parse(Record), TestContext.Current.CancellationToken);

        projected.Unified["customFields"]!["cost"].ShouldBeNull();
        projected.MappingErrors.Single().Field.ShouldBe("customFields.cost");
        projected.Unified["mappingErrors"]![0]!["field"]!
            .GetValue<string>()
            .ShouldBe("customFields.cost");
    }

    [Fact]
    public void A_JavaScript_field_sees_the_source_and_the_default_record()
    {
        var record = Project(
            Compile(
                """
                {
                  "fields": {"title": {"js": "`${record.title} (${raw.assetId})`"}},
                  "customFields": {"urgent": {"type": "boolean", "js": "raw.priority >= 3"}}
                }
                """
            )
        );

        record["title"]!.GetValue<string>().ShouldBe("Replace seal (88)");
        record["customFields"]!["urgent"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public void The_hash_changes_with_the_mapping_but_keeps_the_source_half()
    {
        var before = ConnectionMapping
            .Default(Stream, UnifiedModel.Find("work-orders")!)
            .Project(JsonElement.Parse(Record), TestContext.Current.CancellationToken);
        var after = Compile("""{"fields": {"title": "/summary"}}""")
            .Project(JsonElement.Parse(Record), TestContext.Current.CancellationToken);

        after.Hash.ShouldNotBe(before.Hash);
        after.Hash[RecordHash.HalfLength..].ShouldBe(before.Hash[RecordHash.HalfLength..]);
        var reprojected = after.WithSourceHashOf(before.Hash);
        reprojected.Hash.ShouldBe(after.Hash);
    }

    [Fact]
    public void Every_problem_is_reported_with_where_it_is()
    {
        var problems = new List<FlowProblem>();
        var mapping = MappingCompiler.Compile(
            Stream,
            UnifiedModel.Find("work-orders")!,
            """
            {
              "entity": "assets",
              "fields": {
                "customFields": "/x",
                "colour": "/colour",
                "title": {"js": "raw.title +"}
              },
              "customFields": {"score": {"type": "number", "js": "let x = ;"}}
            }
            """,
            Engine,
            1,
            problems
        );

        mapping.ShouldBeNull();
        problems
            .Select(p => p.Pointer)
            .ShouldBe([
                "/entity",
                "/fields/customFields",
                "/fields/colour",
                "/fields/title/js",
                "/customFields/score/js",
            ]);
        problems[3].Line.ShouldBe(1);
        problems[4].Column.ShouldBe(9);
    }
}
