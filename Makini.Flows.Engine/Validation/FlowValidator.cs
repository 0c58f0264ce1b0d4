using Makini.Flows.Engine.Activities;
using Makini.Flows.Engine.Expressions;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Serialization;
using Makini.Flows.Engine.Values;

namespace Makini.Flows.Engine.Validation;

/// <summary>
/// Checks a flow file or model and reports every problem at once: the file's syntax and schema first,
/// then the flowchart's meaning (types, ids, connections, ports, inputs, scripts, reachability).
/// </summary>
public sealed class FlowValidator
{
    private readonly ActivityRegistry _registry;
    private readonly ExpressionDiagnostics _diagnostics;

    internal FlowValidator(ActivityRegistry registry, ExpressionDiagnostics diagnostics)
    {
        _registry = registry;
        _diagnostics = diagnostics;
    }

    /// <summary>Validates flow JSON text; <paramref name="flow"/> is set when the text could be read.</summary>
    public ValidationResult Validate(string json, out FlowDefinition? flow)
    {
        var problems = new List<FlowProblem>();
        flow = FlowDocumentReader.Read(json, problems);
        if (flow is not null)
            CheckMeaning(flow, problems);
        return new ValidationResult(problems);
    }

    public ValidationResult Validate(FlowDefinition flow)
    {
        var problems = new List<FlowProblem>();
        CheckMeaning(flow, problems);
        return new ValidationResult(problems);
    }

    private void CheckMeaning(FlowDefinition flow, List<FlowProblem> problems)
    {
        if (flow.Schema != FlowJson.SchemaUri)
            problems.Add(
                FlowProblem.Error(
                    ProblemCodes.UnsupportedFormat,
                    "/$schema",
                    $"'{flow.Schema}' is not a flow format this engine reads; use '{FlowJson.SchemaUri}'"
                )
            );
        CheckVariables(flow, problems);
        var nodes = CheckActivities(flow, problems);
        CheckConnections(flow, nodes, problems);
        CheckStartAndReachability(flow, nodes, problems);
    }

    private static void CheckVariables(FlowDefinition flow, List<FlowProblem> problems)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < flow.Variables.Count; i++)
        {
            var variable = flow.Variables[i];
            if (!seen.Add(variable.Name))
                problems.Add(
                    FlowProblem.Error(
                        ProblemCodes.DuplicateVariable,
                        $"/variables/{i}/name",
                        $"variable '{variable.Name}' is declared more than once"
                    )
                );
            if (!DataTypes.Matches(variable.Type, variable.Default))
                problems.Add(
                    FlowProblem.Error(
                        ProblemCodes.WrongType,
                        $"/variables/{i}/default",
                        $"default of '{variable.Name}' must be {DataTypes.Name(variable.Type)}, but is {DataTypes.Describe(variable.Default)}"
                    )
                );
        }
    }

    /// <summary>Returns the first node with each id, with its index and descriptor (null when unknown).</summary>
    private Dictionary<string, (int Index, ActivityDescriptor? Descriptor)> CheckActivities(
        FlowDefinition flow,
        List<FlowProblem> problems
    )
    {
        var nodes = new Dictionary<string, (int, ActivityDescriptor?)>(StringComparer.Ordinal);
        for (var i = 0; i < flow.Activities.Count; i++)
        {
            var node = flow.Activities[i];
            var descriptor = _registry.Find(node.Type);
            if (!nodes.TryAdd(node.Id, (i, descriptor)))
                problems.Add(
                    FlowProblem.Error(
                        ProblemCodes.DuplicateId,
                        $"{JsonPointer.Activity(i)}/id",
                        $"activity id '{node.Id}' is used more than once"
                    )
                );
            if (descriptor is null)
            {
                problems.Add(
                    FlowProblem.Error(
                        ProblemCodes.UnknownActivityType,
                        $"{JsonPointer.Activity(i)}/type",
                        $"unknown activity type '{node.Type}'"
                    )
                );
                continue;
            }
            new InputChecker(flow, node, i, descriptor, _diagnostics, problems).Check();
        }
        return nodes;
    }

    private static void CheckConnections(
        FlowDefinition flow,
        Dictionary<string, (int Index, ActivityDescriptor? Descriptor)> nodes,
        List<FlowProblem> problems
    )
    {
        var seen = new HashSet<(string, string, string, string)>();
        for (var i = 0; i < flow.Connections.Count; i++)
        {
            var connection = flow.Connections[i];
            var pointer = JsonPointer.Connection(i);
            var sourceKnown = nodes.TryGetValue(connection.Source, out var source);
            var targetKnown = nodes.TryGetValue(connection.Target, out _);
            if (!sourceKnown)
                problems.Add(
                    FlowProblem.Error(
                        ProblemCodes.DanglingConnection,
                        $"{pointer}/source",
                        $"connection leaves '{connection.Source}', which is not an activity of this flow"
                    )
                );
            if (!targetKnown)
                problems.Add(
                    FlowProblem.Error(
                        ProblemCodes.DanglingConnection,
                        $"{pointer}/target",
                        $"connection enters '{connection.Target}', which is not an activity of this flow"
                    )
                );
            if (sourceKnown && source.Descriptor is { } descriptor)
            {
                var ports = Ports.Of(descriptor, flow.Activities[source.Index]);
                if (!ports.Contains(connection.SourcePort))
                    problems.Add(
                        FlowProblem.Error(
                            ProblemCodes.UnknownPort,
                            $"{pointer}/sourcePort",
                            $"{descriptor.Type} '{connection.Source}' has no port '{connection.SourcePort}' (ports: {string.Join(", ", ports)})"
                        )
                    );
            }
            if (connection.EffectiveTargetPort != Connection.DefaultTargetPort)
                problems.Add(
                    FlowProblem.Error(
                        ProblemCodes.UnknownPort,
                        $"{pointer}/targetPort",
                        $"activities have one input port, '{Connection.DefaultTargetPort}'; '{connection.TargetPort}' does not exist"
                    )
                );
            var key = (
                connection.Source,
                connection.SourcePort,
                connection.Target,
                connection.EffectiveTargetPort
            );
            if (!seen.Add(key))
                problems.Add(
                    FlowProblem.Error(
                        ProblemCodes.DuplicateConnection,
                        pointer,
                        $"'{connection.Source}'.{connection.SourcePort} is already connected to '{connection.Target}'"
                    )
                );
        }
    }

    private static void CheckStartAndReachability(
        FlowDefinition flow,
        Dictionary<string, (int Index, ActivityDescriptor? Descriptor)> nodes,
        List<FlowProblem> problems
    )
    {
        var starts = flow
            .Activities.Select((node, index) => (node, index))
            .Where(n => IsStartNode(nodes, n.node))
            .ToList();
        if (starts.Count == 0)
        {
            problems.Add(
                FlowProblem.Error(
                    ProblemCodes.NoStart,
                    "/activities",
                    "the flow has no start activity (add a Start)"
                )
            );
            return;
        }
        foreach (var extra in starts.Skip(1))
            problems.Add(
                FlowProblem.Error(
                    ProblemCodes.SeveralStarts,
                    JsonPointer.Activity(extra.index),
                    $"'{extra.node.Id}' is a second start activity; a flow has exactly one"
                )
            );

        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([starts[0].node.Id]);
        while (pending.TryPop(out var id))
        {
            if (!reached.Add(id))
                continue;
            foreach (var connection in flow.Connections)
                if (connection.Source == id && nodes.ContainsKey(connection.Target))
                    pending.Push(connection.Target);
        }
        for (var i = 0; i < flow.Activities.Count; i++)
        {
            var node = flow.Activities[i];
            if (!reached.Contains(node.Id) && !IsStartNode(nodes, node))
                problems.Add(
                    FlowProblem.Warning(
                        ProblemCodes.Unreachable,
                        JsonPointer.Activity(i),
                        $"'{node.Id}' can never run: no path leads to it from the start"
                    )
                );
        }
    }

    private static bool IsStartNode(
        Dictionary<string, (int Index, ActivityDescriptor? Descriptor)> nodes,
        ActivityNode node
    ) =>
        nodes.TryGetValue(node.Id, out var known)
        && known.Descriptor?.IsStart == true
        && known.Descriptor.Type == node.Type;
}
