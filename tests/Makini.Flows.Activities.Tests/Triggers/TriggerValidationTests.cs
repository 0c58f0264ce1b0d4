using Makini.Flows.Activities.Triggers;
using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Activities.Tests.Triggers;

/// <summary>Schedule and event triggers check their own inputs, with pointers to the input at fault.</summary>
public sealed class TriggerValidationTests
{
    private static readonly FlowEngine Engine = new(MakiniActivities.CreateRegistry());

    private static ValidationResult Validate(string type, string inputs) =>
        Engine.Validator.Validate(
            $$"""
            {
              "$schema": "https://schemas.makini.io/flows/flow-v1.json",
              "id": "f",
              "name": "Test",
              "activities": [
                { "id": "trigger", "type": "{{type}}", "inputs": { {{inputs}} } },
                { "id": "log", "type": "Log", "inputs": { "message": { "literal": "hi" } } }
              ],
              "connections": [{ "source": "trigger", "sourcePort": "Done", "target": "log" }]
            }
            """,
            out _
        );

    private static List<(string, string)> Errors(ValidationResult result) =>
        result.Errors.Select(p => (p.Code, p.Pointer)).ToList();

    [Theory]
    [InlineData("*/5 * * * *", "UTC")]
    [InlineData("30 0 7 * * MON-FRI", "Europe/Berlin")]
    [InlineData("@daily", "America/New_York")]
    public void A_valid_cron_schedule_passes(string cron, string zone)
    {
        var result = Validate(
            "ScheduleTrigger",
            $$"""
            "cron": { "literal": "{{cron}}" }, "timeZone": { "literal": "{{zone}}" }
            """
        );

        result.Errors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("\"00:15:00\"")]
    [InlineData("90")]
    [InlineData("\"2.5\"")]
    public void A_valid_interval_passes(string interval)
    {
        var result = Validate(
            "ScheduleTrigger",
            $$"""
            "interval": { "literal": {{interval}} }
            """
        );

        result.Errors.ShouldBeEmpty();
    }

    [Fact]
    public void An_invalid_cron_expression_is_reported_at_the_cron_input()
    {
        var result = Validate("ScheduleTrigger", """ "cron": { "literal": "61 * * * *" } """);

        Errors(result).ShouldBe([(ProblemCodes.InvalidInput, "/activities/0/inputs/cron/literal")]);
    }

    [Fact]
    public void A_cron_with_the_wrong_number_of_fields_is_reported()
    {
        var result = Validate("ScheduleTrigger", """ "cron": { "literal": "* * *" } """);

        var problem = result.Errors.ShouldHaveSingleItem();
        problem.Pointer.ShouldBe("/activities/0/inputs/cron/literal");
        problem.Message.ShouldContain("3 fields");
    }

    [Fact]
    public void An_unknown_time_zone_is_reported_at_the_time_zone_input()
    {
        var result = Validate(
            "ScheduleTrigger",
            """ "cron": { "literal": "0 * * * *" }, "timeZone": { "literal": "Mars/Olympus" } """
        );

        Errors(result)
            .ShouldBe([(ProblemCodes.InvalidInput, "/activities/0/inputs/timeZone/literal")]);
    }

    [Fact]
    public void Both_cron_and_interval_are_refused()
    {
        var result = Validate(
            "ScheduleTrigger",
            """ "cron": { "literal": "0 * * * *" }, "interval": { "literal": "00:01:00" } """
        );

        Errors(result)
            .ShouldBe([(ProblemCodes.InvalidInput, "/activities/0/inputs/interval/literal")]);
    }

    [Fact]
    public void Neither_cron_nor_interval_is_refused_at_the_inputs()
    {
        var result = Validate("ScheduleTrigger", "");

        Errors(result).ShouldBe([(ProblemCodes.InvalidInput, "/activities/0/inputs")]);
    }

    [Theory]
    [InlineData("\"soon\"")]
    [InlineData("0")]
    [InlineData("\"-00:01:00\"")]
    public void A_bad_interval_is_reported_at_the_interval_input(string interval)
    {
        var result = Validate(
            "ScheduleTrigger",
            $$"""
            "interval": { "literal": {{interval}} }
            """
        );

        Errors(result)
            .ShouldBe([(ProblemCodes.InvalidInput, "/activities/0/inputs/interval/literal")]);
    }

    [Fact]
    public void Schedule_inputs_must_be_literals()
    {
        var result = Validate("ScheduleTrigger", """ "cron": { "js": "'0 * * * *'" } """);

        result.Errors.ShouldContain(p =>
            p.Code == ProblemCodes.LiteralRequired && p.Pointer == "/activities/0/inputs/cron"
        );
    }

    [Fact]
    public void A_cron_restricting_both_day_fields_is_refused()
    {
        var result = Validate("ScheduleTrigger", """ "cron": { "literal": "0 0 1 * MON" } """);

        result.Errors.ShouldHaveSingleItem().Message.ShouldContain("both");
    }

    [Fact]
    public void An_unknown_event_type_is_refused()
    {
        var result = Validate("EventTrigger", """ "eventType": { "literal": "sync.exploded" } """);

        Errors(result)
            .ShouldBe([(ProblemCodes.WrongType, "/activities/0/inputs/eventType/literal")]);
    }

    [Fact]
    public void An_event_filter_that_does_not_compile_is_refused_with_its_pointer()
    {
        var result = Validate(
            "EventTrigger",
            $$"""
            "eventType": { "literal": "{{EventTypes.SyncFailed}}" }, "filter": { "js": "input.data.(" }
            """
        );

        Errors(result).ShouldBe([(ProblemCodes.ScriptSyntax, "/activities/0/inputs/filter/js")]);
    }

    [Fact]
    public void An_event_filter_sees_the_event_as_input()
    {
        var flow = Engine.Validator.Validate(
            """
            {
              "$schema": "https://schemas.makini.io/flows/flow-v1.json",
              "id": "f",
              "name": "Test",
              "activities": [
                { "id": "trigger", "type": "EventTrigger", "inputs": {
                  "eventType": { "literal": "sync.failed" },
                  "filter": { "js": "input.data.entity === 'assets'" } } }
              ],
              "connections": []
            }
            """,
            out var definition
        );
        flow.Errors.ShouldBeEmpty();
        var plan = Engine.Prepare(definition!);

        var match = Engine.EvaluateStartInput(
            plan,
            "filter",
            System.Text.Json.Nodes.JsonNode.Parse("""{"data": {"entity": "assets"}}"""),
            TestContext.Current.CancellationToken
        );
        var miss = Engine.EvaluateStartInput(
            plan,
            "filter",
            System.Text.Json.Nodes.JsonNode.Parse("""{"data": {"entity": "parts"}}"""),
            TestContext.Current.CancellationToken
        );

        match!.GetValue<bool>().ShouldBeTrue();
        miss!.GetValue<bool>().ShouldBeFalse();
    }
}
