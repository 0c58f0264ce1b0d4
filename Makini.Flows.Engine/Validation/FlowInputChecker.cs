using System.Text.Json.Nodes;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Values;

namespace Makini.Flows.Engine.Validation;

/// <summary>Checks a run's input (or output) object against the flow's declared parameters.</summary>
public static class FlowInputChecker
{
    public static IReadOnlyList<FlowProblem> Check(
        IReadOnlyList<ParameterDefinition> parameters,
        JsonNode? value,
        string pointer
    )
    {
        var problems = new List<FlowProblem>();
        if (parameters.Count == 0)
            return problems;
        if (value is not null and not JsonObject)
        {
            problems.Add(
                FlowProblem.Error(
                    ProblemCodes.InvalidInput,
                    pointer,
                    $"must be an object, but is {DataTypes.Describe(value)}"
                )
            );
            return problems;
        }
        var fields = value as JsonObject;
        foreach (var parameter in parameters)
        {
            var fieldPointer = $"{pointer}/{JsonPointer.Escape(parameter.Name)}";
            if (
                fields is null
                || !fields.TryGetPropertyValue(parameter.Name, out var field)
                || field is null
            )
            {
                if (parameter.Required)
                    problems.Add(
                        FlowProblem.Error(
                            ProblemCodes.InvalidInput,
                            fieldPointer,
                            $"'{parameter.Name}' is required"
                        )
                    );
                continue;
            }
            if (!DataTypes.Matches(parameter.Type, field))
                problems.Add(
                    FlowProblem.Error(
                        ProblemCodes.InvalidInput,
                        fieldPointer,
                        $"'{parameter.Name}' must be {DataTypes.Name(parameter.Type)}, but is {DataTypes.Describe(field)}"
                    )
                );
        }
        return problems;
    }
}
