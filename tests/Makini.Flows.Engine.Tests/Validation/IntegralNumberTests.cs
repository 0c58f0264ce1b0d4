using System.Text.Json;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Serialization;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Engine.Tests.Validation;

/// <summary>
/// An integer of the flow format may be written as any whole number, as JSON Schema says (<c>1.0</c>, <c>1e2</c>):
/// the schema check and the model both read it; a fraction is refused at its pointer.
/// </summary>
public sealed class IntegralNumberTests
{
    private static string Flow(string settings) =>
        $$"""
            {
              "$schema": "https://schemas.makini.io/flows/flow-v1.json",
              "id": "f",
              "name": "Test",
              "activities": [{ "id": "start", "type": "Start" }],
              "settings": {{settings}}
            }
            """;

    [Theory]
    [InlineData("30.0", "2.0", 30, 2)]
    [InlineData("1e2", "1E1", 100, 10)]
    [InlineData("3650e1", "0.1e4", 36500, 1000)]
    [InlineData("-0.0", "1.000", 0, 1)]
    public void Whole_numbers_written_with_a_point_or_an_exponent_are_integers(
        string days,
        string concurrent,
        int expectedDays,
        int expectedConcurrent
    )
    {
        var json = Flow(
            $$"""{ "retainRunsDays": {{days}}, "maxConcurrentRuns": {{concurrent}} }"""
        );

        var result = new FlowEngine().Validator.Validate(json, out var flow);

        result.Errors.ShouldBeEmpty();
        flow!.Settings!.RetainRunsDays.ShouldBe(expectedDays);
        flow.Settings.MaxConcurrentRuns.ShouldBe(expectedConcurrent);
        FlowJson.Deserialize(json).Settings!.RetainRunsDays.ShouldBe(expectedDays);
        FlowJson.Serialize(flow).ShouldContain($"\"retainRunsDays\": {expectedDays},");
    }

    [Theory]
    [InlineData("""{ "retainRunsDays": 1.5 }""", "/settings/retainRunsDays", "expected integer")]
    [InlineData(
        """{ "maxConcurrentRuns": 2.5e-1 }""",
        "/settings/maxConcurrentRuns",
        "expected integer"
    )]
    [InlineData("""{ "retainRunsDays": 1e20 }""", "/settings/retainRunsDays", "")]
    public void A_fraction_or_a_number_beyond_the_model_is_refused_at_its_pointer(
        string settings,
        string pointer,
        string message
    )
    {
        var result = new FlowEngine().Validator.Validate(Flow(settings), out var flow);

        flow.ShouldBeNull();
        result.Errors.ShouldContain(p =>
            p.Code == ProblemCodes.Schema && p.Pointer == pointer && p.Message.Contains(message)
        );
        Should.Throw<JsonException>(() => FlowJson.Deserialize(Flow(settings)));
    }

    [Fact]
    public void A_whole_number_written_with_an_exponent_still_meets_the_schemas_range()
    {
        var result = new FlowEngine().Validator.Validate(
            Flow("""{ "retainRunsDays": 1e5 }"""),
            out _
        );

        result.Errors.ShouldContain(p =>
            p.Pointer == "/settings/retainRunsDays" && p.Message == "100000 is out of range"
        );
    }
}
