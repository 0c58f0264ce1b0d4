using System.Text.Json;
using System.Text.Json.Nodes;
using Makini.Flows.Engine.Activities;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Serialization;

namespace Makini.Flows.Engine.Tests.Activities;

public sealed class DescriptorTests
{
    private readonly ActivityRegistry _registry = ActivityRegistry.CreateWithBuiltIns();

    [Fact]
    public void Every_built_in_activity_is_registered()
    {
        _registry
            .Descriptors.Select(d => d.Type)
            .ShouldBe(
                [
                    "Start",
                    "If",
                    "Switch",
                    "ForEach",
                    "Fork",
                    "Join",
                    "SetVariable",
                    "Log",
                    "Delay",
                    "Fail",
                    "Finish",
                    "RunFlow",
                ],
                ignoreOrder: true
            );
    }

    [Fact]
    public void A_descriptor_is_derived_from_the_activity_class()
    {
        var descriptor = _registry.Find("If").ShouldNotBeNull();

        descriptor.Category.ShouldBe("Control flow");
        descriptor.Ports.ShouldBe(["True", "False"]);
        var condition = descriptor.Inputs.ShouldHaveSingleItem();
        condition.Name.ShouldBe("condition");
        condition.Type.ShouldBe(DataType.Boolean);
        condition.Required.ShouldBeTrue();
        condition.UiHint.ShouldBe(UiHints.Code);
    }

    [Fact]
    public void Defaults_options_and_outputs_are_described()
    {
        var join = _registry.Find("Join").ShouldNotBeNull().FindInput("mode").ShouldNotBeNull();
        join.Default!.GetValue<string>().ShouldBe("WaitAll");
        join.Options.ShouldBe(["WaitAll", "WaitAny"]);

        var forEach = _registry.Find("ForEach").ShouldNotBeNull();
        forEach.DisplayName.ShouldBe("For Each");
        forEach.Outputs.ShouldHaveSingleItem().Name.ShouldBe("count");
        _registry.Find("Switch")!.PortsFromInput.ShouldBe("cases");
    }

    [Fact]
    public void Descriptors_serialize_to_json_for_the_designer_without_clr_details()
    {
        var json = JsonSerializer.Serialize(_registry.Find("Delay"), FlowJson.Options);

        var node = JsonNode.Parse(json)!;
        node["type"]!.GetValue<string>().ShouldBe("Delay");
        node["inputs"]![0]!["name"]!.GetValue<string>().ShouldBe("seconds");
        node["inputs"]![0]!["type"]!.GetValue<string>().ShouldBe("number");
        json.ShouldNotContain("clrType", Case.Insensitive);
        json.ShouldNotContain("property", Case.Insensitive);
    }

    [Fact]
    public void An_activity_type_can_only_be_registered_once()
    {
        Should.Throw<InvalidOperationException>(() =>
            _registry.Register<Engine.Activities.BuiltIn.Log>()
        );
    }
}
