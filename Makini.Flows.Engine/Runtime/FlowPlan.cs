using System.Collections;
using Makini.Flows.Engine.Activities;
using Makini.Flows.Engine.Model;

namespace Makini.Flows.Engine.Runtime;

/// <summary>
/// A validated flow version turned into what the interpreter needs: bound activity instances, adjacency
/// by port, and reachability for WaitAny. Built once per version, immutable, shared by all its runs.
/// </summary>
public sealed class FlowPlan
{
    private readonly Dictionary<string, NodePlan> _byId;
    private readonly BitArray[] _reaches;

    internal FlowPlan(
        FlowDefinition definition,
        string hash,
        NodePlan[] nodes,
        NodePlan start,
        BitArray[] reaches
    )
    {
        Definition = definition;
        Hash = hash;
        Nodes = nodes;
        Start = start;
        _reaches = reaches;
        _byId = nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        Variables = definition.Variables.ToDictionary(v => v.Name, StringComparer.Ordinal);
    }

    public FlowDefinition Definition { get; }

    /// <summary>SHA-256 of the canonical flow JSON: runs are pinned to it.</summary>
    public string Hash { get; }

    public string FlowId => Definition.Id;

    internal NodePlan[] Nodes { get; }
    internal NodePlan Start { get; }
    internal IReadOnlyDictionary<string, VariableDefinition> Variables { get; }

    internal NodePlan Node(string id) =>
        _byId.TryGetValue(id, out var node)
            ? node
            : throw new InvalidOperationException(
                $"activity '{id}' is not part of flow '{FlowId}'"
            );

    /// <summary>Whether <paramref name="to"/> can be reached from <paramref name="from"/> (or is it).</summary>
    internal bool CanReach(NodePlan from, NodePlan to) => _reaches[from.Index][to.Index];
}

internal sealed class NodePlan
{
    public required int Index { get; init; }
    public required string Id { get; init; }
    public required ActivityNode Definition { get; init; }
    public required ActivityDescriptor Descriptor { get; init; }
    public required Activity Activity { get; init; }
    public IReadOnlyDictionary<string, Edge[]> Outgoing { get; set; } =
        new Dictionary<string, Edge[]>();

    /// <summary>Indexes of the connections entering this node.</summary>
    public int[] Inbound { get; set; } = [];

    /// <summary>For a Join: fire on the first arrival instead of waiting for all.</summary>
    public bool WaitAny { get; init; }

    /// <summary>For a ForEach: the variable that also receives the current item, if any.</summary>
    public string? ItemVariable { get; init; }

    public Edge[] EdgesFrom(string port) => Outgoing.TryGetValue(port, out var edges) ? edges : [];
}

internal readonly record struct Edge(int Connection, NodePlan Target);
