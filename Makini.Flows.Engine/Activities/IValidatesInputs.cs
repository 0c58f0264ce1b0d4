using System.Text.Json.Nodes;

namespace Makini.Flows.Engine.Activities;

/// <summary>
/// An activity that checks its own literal inputs beyond their types (a cron expression, a time zone, a choice
/// between two inputs). The validator calls it once per node, after the generic input checks, with the node's
/// literal inputs and the defaults of the inputs it leaves out; each problem is reported at the input it names.
/// </summary>
public interface IValidatesInputs
{
    IEnumerable<InputProblem> Validate(IReadOnlyDictionary<string, JsonNode?> literals);
}

/// <summary>
/// What is wrong with one input (<paramref name="Input"/> is its name), or with the inputs together when it is
/// null (reported at the node's <c>inputs</c>).
/// </summary>
public sealed record InputProblem(string? Input, string Message);
