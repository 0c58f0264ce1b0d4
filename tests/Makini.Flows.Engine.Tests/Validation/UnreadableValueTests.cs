using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Engine.Tests.Validation;

/// <summary>
/// Valid JSON the flow model cannot hold (numbers beyond a double or 64 bits, unpaired surrogates) and nulls
/// where the schema wants values: each is a problem at its pointer, never an exception.
/// </summary>
public sealed class UnreadableValueTests
{
    private static string Flow(string activity, string settings = "{}") =>
        $$"""
            {
              "$schema": "https://schemas.makini.io/flows/flow-v1.json",
              "id": "f",
              "name": "Test",
              "activities": [{ "id": "start", "type": "Start" }, {{activity}}],
              "connections": [{ "source": "start", "sourcePort": "Done", "target": "log" }],
              "settings": {{settings}}
            }
            """;

    private static string Log(string message) =>
        $$"""{ "id": "log", "type": "Log", "inputs": { "message": {{message}} }, "position": { "x": 0, "y": 0 } }""";

    public static TheoryData<string, string, string> Documents =>
        new()
        {
            {
                Flow(Log("""{ "literal": 1e400 }""")),
                ProblemCodes.InvalidJson,
                "/activities/1/inputs/message/literal"
            },
            {
                Flow(Log("""{ "literal": "x" }""").Replace("\"x\": 0", "\"x\": -1e400")),
                ProblemCodes.InvalidJson,
                "/activities/1/position/x"
            },
            {
                Flow(
                    Log("""{ "literal": "x" }"""),
                    """{ "retainRunsDays": 99999999999999999999999 }"""
                ),
                ProblemCodes.InvalidJson,
                "/settings/retainRunsDays"
            },
            {
                Flow(Log("""{ "literal": 99999999999999999999999 }""")),
                ProblemCodes.InvalidJson,
                "/activities/1/inputs/message/literal"
            },
            {
                Flow(Log("""{ "literal": "a\ud800b" }""")),
                ProblemCodes.InvalidJson,
                "/activities/1/inputs/message/literal"
            },
            {
                Flow(Log("""{ "literal": { "\udc00": 1 } }""")),
                ProblemCodes.InvalidJson,
                "/activities/1/inputs/message/literal"
            },
            { Flow(Log("null")), ProblemCodes.Schema, "/activities/1/inputs/message" },
            { Flow("null"), ProblemCodes.Schema, "/activities/1" },
        };

    [Theory]
    [MemberData(nameof(Documents))]
    public void The_value_is_a_problem_at_its_pointer(string json, string code, string pointer)
    {
        var result = new FlowEngine().Validator.Validate(json, out var flow);

        flow.ShouldBeNull();
        result.Errors.ShouldContain(p => p.Code == code && p.Pointer == pointer);
    }

    [Fact]
    public void A_surrogate_pair_and_numbers_within_range_are_read()
    {
        var json = Flow(
                Log("""{ "literal": "\ud83d\ude00 1e300" }"""),
                """{ "retainRunsDays": 30 }"""
            )
            .Replace("\"x\": 0", "\"x\": 1e300");

        var result = new FlowEngine().Validator.Validate(json, out var flow);

        result.Errors.ShouldBeEmpty();
        flow.ShouldNotBeNull();
    }
}
