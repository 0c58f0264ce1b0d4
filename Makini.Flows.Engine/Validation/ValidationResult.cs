namespace Makini.Flows.Engine.Validation;

public sealed class ValidationResult(IReadOnlyList<FlowProblem> problems)
{
    public IReadOnlyList<FlowProblem> Problems { get; } = problems;

    public bool HasErrors => Problems.Any(p => p.Severity == ProblemSeverity.Error);

    public IEnumerable<FlowProblem> Errors =>
        Problems.Where(p => p.Severity == ProblemSeverity.Error);
}

/// <summary>Thrown when a flow with errors is prepared; carries every problem.</summary>
public sealed class FlowValidationException(ValidationResult result)
    : Exception(
        $"the flow has {result.Errors.Count()} error(s): {string.Join("; ", result.Errors)}"
    )
{
    public ValidationResult Result { get; } = result;
}

/// <summary>Thrown when a run's input does not fit the flow's input shape.</summary>
public sealed class FlowInputException(IReadOnlyList<FlowProblem> problems)
    : Exception(
        $"the input does not fit the flow: {string.Join("; ", problems.Select(p => p.Message))}"
    )
{
    public IReadOnlyList<FlowProblem> Problems { get; } = problems;
}
