using Makini.Flows.Engine.Runtime;
using Makini.Flows.Engine.Tests.Support;
using Makini.Flows.Engine.Validation;

namespace Makini.Flows.Engine.Tests.Validation;

public sealed class ValidationTests
{
    private static ValidationResult Validate(string json) =>
        new FlowEngine().Validator.Validate(json, out _);

    private static string Flow(string activities, string connections = "", string variables = "") =>
        $$"""
            {
              "$schema": "https://schemas.makini.io/flows/flow-v1.json",
              "id": "f",
              "name": "Test",
              "variables": [{{variables}}],
              "activities": [{{activities}}],
              "connections": [{{connections}}]
            }
            """;

    private const string Start = """{ "id": "start", "type": "Start" }""";

    [Fact]
    public void Five_different_mistakes_are_all_reported_with_their_pointers()
    {
        var json = File.ReadAllText(
            Path.Combine(AppContext.BaseDirectory, "Validation", "Files", "five-mistakes.flow.json")
        );

        var result = Validate(json);

        var errors = result.Errors.Select(p => (p.Code, p.Pointer)).ToList();
        errors.ShouldBe(
            [
                (ProblemCodes.ScriptSyntax, "/activities/1/inputs/condition/js"),
                (ProblemCodes.WrongType, "/activities/2/inputs/seconds/literal"),
                (ProblemCodes.UnknownActivityType, "/activities/3/type"),
                (ProblemCodes.MissingInput, "/activities/4/inputs"),
                (ProblemCodes.UnknownPort, "/connections/1/sourcePort"),
            ],
            ignoreOrder: true
        );
        result.Problems.ShouldContain(p =>
            p.Code == ProblemCodes.Unreachable && p.Pointer == "/activities/3"
        );
    }

    [Fact]
    public void Text_that_is_not_json_is_reported_with_line_and_column()
    {
        var result = Validate("{\n  \"id\": \"f\",\n  \"name\": oops\n}");

        var problem = result.Errors.ShouldHaveSingleItem();
        problem.Code.ShouldBe(ProblemCodes.InvalidJson);
        problem.Line.ShouldBe(3);
        problem.Column.ShouldNotBeNull().ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Schema_violations_are_reported_with_pointers()
    {
        var json = Flow(
            """{ "id": "start", "type": "Start", "colour": "red" }, { "id": "9bad", "type": "Log", "inputs": { "message": { "js": "1", "literal": 2 } } }"""
        );

        var pointers = Validate(json).Errors.Select(p => p.Pointer).ToList();

        pointers.ShouldContain("/activities/0/colour");
        pointers.ShouldContain("/activities/1/id");
        pointers.ShouldContain("/activities/1/inputs/message");
    }

    [Fact]
    public void Duplicate_ids_and_duplicate_or_dangling_connections_are_errors()
    {
        var json = Flow(
            $$"""{{Start}}, { "id": "a", "type": "Log", "inputs": { "message": { "literal": "x" } } }, { "id": "a", "type": "Log", "inputs": { "message": { "literal": "y" } } }""",
            """
            { "source": "start", "sourcePort": "Done", "target": "a" },
            { "source": "start", "sourcePort": "Done", "target": "a" },
            { "source": "ghost", "sourcePort": "Done", "target": "a" },
            { "source": "a", "sourcePort": "Done", "target": "nowhere" }
            """
        );

        var errors = Validate(json).Errors.Select(p => (p.Code, p.Pointer)).ToList();

        errors.ShouldContain((ProblemCodes.DuplicateId, "/activities/2/id"));
        errors.ShouldContain((ProblemCodes.DuplicateConnection, "/connections/1"));
        errors.ShouldContain((ProblemCodes.DanglingConnection, "/connections/2/source"));
        errors.ShouldContain((ProblemCodes.DanglingConnection, "/connections/3/target"));
    }

    [Fact]
    public void A_flow_without_start_is_an_error()
    {
        var json = Flow(
            """{ "id": "a", "type": "Log", "inputs": { "message": { "literal": "x" } } }"""
        );

        Validate(json)
            .Errors.ShouldContain(p =>
                p.Code == ProblemCodes.NoStart && p.Pointer == "/activities"
            );
    }

    [Fact]
    public void A_script_syntax_error_gives_line_and_column_inside_the_script()
    {
        var json = Flow(
            $$"""{{Start}}, { "id": "a", "type": "Log", "inputs": { "message": { "js": "const a = 1;\nconst b = ;\na + b" } } }""",
            """{ "source": "start", "sourcePort": "Done", "target": "a" }"""
        );

        var problem = Validate(json).Errors.ShouldHaveSingleItem();

        problem.Code.ShouldBe(ProblemCodes.ScriptSyntax);
        problem.Pointer.ShouldBe("/activities/1/inputs/message/js");
        problem.Line.ShouldBe(2);
        problem.Column.ShouldBe(11);
    }

    [Fact]
    public void Variable_references_must_name_declared_variables_of_a_fitting_type()
    {
        var json = Flow(
            $$"""
            {{Start}},
            { "id": "a", "type": "If", "inputs": { "condition": { "variable": "missing" } } },
            { "id": "b", "type": "Delay", "inputs": { "seconds": { "variable": "label" } } },
            { "id": "c", "type": "SetVariable", "inputs": { "variable": { "literal": "nope" }, "value": { "literal": 1 } } }
            """,
            """
            { "source": "start", "sourcePort": "Done", "target": "a" },
            { "source": "a", "sourcePort": "True", "target": "b" },
            { "source": "b", "sourcePort": "Done", "target": "c" }
            """,
            """{ "name": "label", "type": "string", "default": "x" }"""
        );

        var errors = Validate(json).Errors.Select(p => (p.Code, p.Pointer)).ToList();

        errors.ShouldBe(
            [
                (ProblemCodes.UnknownVariable, "/activities/1/inputs/condition/variable"),
                (ProblemCodes.WrongType, "/activities/2/inputs/seconds/variable"),
                (ProblemCodes.UnknownVariable, "/activities/3/inputs/variable/literal"),
            ],
            ignoreOrder: true
        );
    }

    [Fact]
    public void Unknown_inputs_and_non_literal_port_names_are_errors()
    {
        var json = Flow(
            $$"""{{Start}}, { "id": "s", "type": "Switch", "inputs": { "value": { "js": "1" }, "cases": { "js": "['a']" }, "colour": { "literal": 1 } } }""",
            """{ "source": "start", "sourcePort": "Done", "target": "s" }"""
        );

        var errors = Validate(json).Errors.Select(p => (p.Code, p.Pointer)).ToList();

        errors.ShouldContain((ProblemCodes.LiteralRequired, "/activities/1/inputs/cases"));
        errors.ShouldContain((ProblemCodes.UnknownInput, "/activities/1/inputs/colour"));
    }

    [Fact]
    public void Preparing_an_invalid_flow_throws_with_every_problem()
    {
        var engine = new FlowEngine();
        var flow = Serialization.FlowJson.Deserialize(
            File.ReadAllText(
                Path.Combine(
                    AppContext.BaseDirectory,
                    "Validation",
                    "Files",
                    "five-mistakes.flow.json"
                )
            )
        );

        var exception = Should.Throw<FlowValidationException>(() => engine.Prepare(flow));

        exception.Result.Errors.Count().ShouldBe(5);
    }

    [Fact]
    public void Every_scenario_flow_validates_clean()
    {
        var engine = new FlowEngine();
        foreach (
            var file in Directory.EnumerateFiles(
                Path.Combine(AppContext.BaseDirectory, "Scenarios"),
                "*.flow.json"
            )
        )
            engine.Validator.Validate(File.ReadAllText(file), out _).HasErrors.ShouldBeFalse(file);
    }
}
