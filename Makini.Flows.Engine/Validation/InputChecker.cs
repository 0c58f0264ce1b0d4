using Makini.Flows.Engine.Activities;
using Makini.Flows.Engine.Expressions;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Values;

namespace Makini.Flows.Engine.Validation;

/// <summary>Checks the inputs of one activity node against its descriptor and the flow's variables.</summary>
internal sealed class InputChecker(
    FlowDefinition flow,
    ActivityNode node,
    int index,
    ActivityDescriptor descriptor,
    ExpressionDiagnostics diagnostics,
    List<FlowProblem> problems
)
{
    public void Check()
    {
        foreach (var input in descriptor.Inputs)
            if (input.Required && input.Default is null && !node.Inputs.ContainsKey(input.Name))
                problems.Add(
                    FlowProblem.Error(
                        ProblemCodes.MissingInput,
                        $"{JsonPointer.Activity(index)}/inputs",
                        $"{descriptor.Type} '{node.Id}' needs input '{input.Name}'"
                    )
                );
        foreach (var (name, expression) in node.Inputs)
        {
            var pointer = JsonPointer.Input(index, name);
            var input = descriptor.FindInput(name);
            if (input is null)
            {
                problems.Add(
                    FlowProblem.Error(
                        ProblemCodes.UnknownInput,
                        pointer,
                        $"{descriptor.Type} has no input '{name}' (inputs: {string.Join(", ", descriptor.Inputs.Select(i => i.Name))})"
                    )
                );
                continue;
            }
            CheckValue(input, expression, pointer);
        }
        CheckOwnRules();
        if (descriptor.Type == "SetVariable")
            CheckVariableName("variable");
        if (descriptor.Type == "ForEach")
            CheckVariableName("itemVariable");
    }

    private void CheckValue(InputDescriptor input, InputExpression expression, string pointer)
    {
        var valuePointer = $"{pointer}/{InputExpression.KeyOf(expression.Kind)}";
        if (input.LiteralOnly && expression.Kind != ExpressionKind.Literal)
        {
            problems.Add(
                FlowProblem.Error(
                    ProblemCodes.LiteralRequired,
                    pointer,
                    $"input '{input.Name}' shapes the flowchart, so it must be a literal"
                )
            );
            return;
        }
        switch (expression.Kind)
        {
            case ExpressionKind.Literal:
                if (expression.Literal is null && input.Required)
                    problems.Add(
                        FlowProblem.Error(
                            ProblemCodes.MissingInput,
                            valuePointer,
                            $"input '{input.Name}' is required, but is null"
                        )
                    );
                else if (!FitsInput(input, expression.Literal))
                    problems.Add(
                        WrongType(input, valuePointer, DataTypes.Describe(expression.Literal))
                    );
                else if (
                    input.Options is { } options
                    && !options.Contains(ValueConverter.ToText(expression.Literal))
                )
                    problems.Add(
                        FlowProblem.Error(
                            ProblemCodes.WrongType,
                            valuePointer,
                            $"input '{input.Name}' must be one of {string.Join(", ", options)}"
                        )
                    );
                break;
            case ExpressionKind.Variable:
                var variable = flow.Variables.Find(v => v.Name == expression.Text);
                if (variable is null)
                    problems.Add(
                        FlowProblem.Error(
                            ProblemCodes.UnknownVariable,
                            valuePointer,
                            $"variable '{expression.Text}' is not declared in the flow"
                        )
                    );
                else if (variable.Type != DataType.Any && !Compatible(input.Type, variable.Type))
                    problems.Add(
                        WrongType(
                            input,
                            valuePointer,
                            $"variable '{variable.Name}' of type {DataTypes.Name(variable.Type)}"
                        )
                    );
                break;
            default:
                foreach (var error in diagnostics.Check(expression, flow))
                    problems.Add(
                        (
                            error.IsWarning
                                ? FlowProblem.Warning(
                                    ProblemCodes.UnknownName,
                                    valuePointer,
                                    error.Message
                                )
                                : FlowProblem.Error(
                                    ProblemCodes.ScriptSyntax,
                                    valuePointer,
                                    error.Message
                                )
                        ) with
                        {
                            Line = error.Line,
                            Column = error.Column,
                        }
                    );
                break;
        }
    }

    /// <summary>Rules an activity states itself (<see cref="IValidatesInputs"/>), applied to literal inputs.</summary>
    private void CheckOwnRules()
    {
        if (!typeof(IValidatesInputs).IsAssignableFrom(descriptor.ClrType))
            return;
        var literals = new Dictionary<string, System.Text.Json.Nodes.JsonNode?>(
            StringComparer.Ordinal
        );
        foreach (var input in descriptor.Inputs)
        {
            if (node.Inputs.TryGetValue(input.Name, out var written))
            {
                if (written.Kind == ExpressionKind.Literal)
                    literals[input.Name] = written.Literal;
            }
            else if (input.Default is not null)
                literals[input.Name] = input.Default;
        }
        var rules = (IValidatesInputs)Activator.CreateInstance(descriptor.ClrType)!;
        foreach (var problem in rules.Validate(literals))
            problems.Add(
                FlowProblem.Error(
                    ProblemCodes.InvalidInput,
                    problem.Input is { } name && node.Inputs.ContainsKey(name)
                        ? $"{JsonPointer.Input(index, name)}/literal"
                        : $"{JsonPointer.Activity(index)}/inputs",
                    problem.Message
                )
            );
    }

    private void CheckVariableName(string inputName)
    {
        if (
            node.Inputs.TryGetValue(inputName, out var value)
            && value.Kind == ExpressionKind.Literal
            && ValueConverter.ToText(value.Literal) is { Length: > 0 } name
            && !flow.Variables.Exists(v => v.Name == name)
        )
            problems.Add(
                FlowProblem.Error(
                    ProblemCodes.UnknownVariable,
                    $"{JsonPointer.Input(index, inputName)}/literal",
                    $"variable '{name}' is not declared in the flow"
                )
            );
    }

    /// <summary>Strings are accepted where numbers are expected only when they parse, as at run time.</summary>
    private static bool FitsInput(InputDescriptor input, System.Text.Json.Nodes.JsonNode? value) =>
        input.Type switch
        {
            DataType.String => true,
            DataType.Boolean => DataTypes.Matches(DataType.Boolean, value),
            _ => DataTypes.Matches(input.Type, value),
        };

    private static bool Compatible(DataType wanted, DataType actual) =>
        wanted == DataType.Any
        || wanted == DataType.String
        || wanted == actual
        || (wanted == DataType.Number && actual == DataType.Integer);

    private FlowProblem WrongType(InputDescriptor input, string pointer, string actual) =>
        FlowProblem.Error(
            ProblemCodes.WrongType,
            pointer,
            $"input '{input.Name}' of {descriptor.Type} must be {DataTypes.Name(input.Type)}, but is {actual}"
        );
}
