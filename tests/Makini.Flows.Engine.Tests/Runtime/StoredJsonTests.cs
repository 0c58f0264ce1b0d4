using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Tests.Support;

namespace Makini.Flows.Engine.Tests.Runtime;

/// <summary>Values a run holds are stored and answered as the JSON they are, however they were made.</summary>
public sealed class StoredJsonTests
{
    private const string Records =
        """{"records":[{"id":7,"title":"Pump \"A\"","tags":["x"]}],"note":"é"}""";

    [Fact]
    public void An_untouched_parsed_value_is_written_as_the_text_it_was_parsed_from()
    {
        var spaced = "{ \"records\" : [ 1, 2 ] }";

        WrittenJson.Of(JsonNode.Parse(spaced)).ShouldBe(spaced);
        WrittenJson.Of(JsonNode.Parse(Records)).ShouldBe(Records);
    }

    [Fact]
    public void A_parsed_value_inside_a_value_built_in_code_is_written_as_its_text()
    {
        var spaced = "{ \"a\" : [ 1 ] }";
        var built = new JsonObject
        {
            ["method"] = "POST",
            ["body"] = JsonNode.Parse(spaced),
            ["list"] = new JsonArray(JsonNode.Parse("[ 2 ]"), null),
        };

        WrittenJson
            .Of(built)
            .ShouldBe("{\"method\":\"POST\",\"body\":" + spaced + ",\"list\":[[ 2 ],null]}");
    }

    [Fact]
    public void A_parsed_value_changed_after_parsing_is_written_with_its_changes()
    {
        var body = JsonNode.Parse(Records)!.AsObject();
        var record = body["records"]![0]!.AsObject();
        record["title"] = "Pump B";
        record["done"] = true;

        JsonNode.Parse(WrittenJson.Of(body))!["records"]![0]!
            .ToJsonString()
            .ShouldBe("""{"id":7,"title":"Pump B","tags":["x"],"done":true}""");
    }

    [Fact]
    public void Values_built_in_code_and_primitives_are_written_as_json()
    {
        WrittenJson
            .Of(new JsonObject { ["a"] = new JsonArray(1, "b") })
            .ShouldBe("""{"a":[1,"b"]}""");
        WrittenJson.Of(JsonValue.Create(2.5)).ShouldBe("2.5");
        WrittenJson.Of(null).ShouldBe("null");
    }

    [Fact]
    public void A_stored_run_keeps_names_that_differ_only_in_case_apart()
    {
        var state = new RunState
        {
            RunId = "r1",
            FlowId = "f",
            FlowHash = "h",
            Input = JsonNode.Parse("""{"id":1,"ID":2}"""),
            Output = new JsonObject { ["status"] = "open", ["Status"] = "OPEN" },
        };

        var restored = RunStateJson.Deserialize(RunStateJson.Serialize(state));

        restored.Input!["id"]!.GetValue<int>().ShouldBe(1);
        restored.Input!["ID"]!.GetValue<int>().ShouldBe(2);
        restored.Output!["Status"]!.GetValue<string>().ShouldBe("OPEN");
        restored.Output!.AsObject().Count.ShouldBe(2);
    }

    [Fact]
    public void A_stored_run_keeps_an_untouched_input_and_a_changed_output_exactly()
    {
        var output = JsonNode.Parse(Records)!;
        output["note"] = "changed";
        var state = new RunState
        {
            RunId = "r1",
            FlowId = "f",
            FlowHash = "h",
            Input = JsonNode.Parse(Records),
            Output = output,
        };

        var restored = RunStateJson.Deserialize(RunStateJson.Serialize(state));

        JsonNode.DeepEquals(restored.Input, JsonNode.Parse(Records)).ShouldBeTrue();
        restored.Output!["note"]!.GetValue<string>().ShouldBe("changed");
        restored.Output!["records"]![0]!["title"]!.GetValue<string>().ShouldBe("Pump \"A\"");
    }
}
