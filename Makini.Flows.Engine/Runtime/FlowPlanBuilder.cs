using System.Collections;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Makini.Flows.Engine.Activities;
using Makini.Flows.Engine.Expressions;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Serialization;
using Makini.Flows.Engine.Values;

namespace Makini.Flows.Engine.Runtime;

/// <summary>Turns a validated <see cref="FlowDefinition"/> into a <see cref="FlowPlan"/>.</summary>
internal sealed class FlowPlanBuilder(ActivityRegistry registry, ExpressionCompiler compiler)
{
    public FlowPlan Build(FlowDefinition flow, string hash)
    {
        var nodes = new NodePlan[flow.Activities.Count];
        for (var i = 0; i < nodes.Length; i++)
            nodes[i] = BuildNode(i, flow.Activities[i]);
        var byId = nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);

        var outgoing = nodes.Select(_ => new Dictionary<string, List<Edge>>()).ToArray();
        var inbound = nodes.Select(_ => new List<int>()).ToArray();
        for (var c = 0; c < flow.Connections.Count; c++)
        {
            var connection = flow.Connections[c];
            var source = byId[connection.Source];
            var target = byId[connection.Target];
            var edges = outgoing[source.Index];
            if (!edges.TryGetValue(connection.SourcePort, out var list))
                edges[connection.SourcePort] = list = [];
            list.Add(new Edge(c, target));
            inbound[target.Index].Add(c);
        }
        foreach (var node in nodes)
        {
            node.Outgoing = outgoing[node.Index].ToDictionary(p => p.Key, p => p.Value.ToArray());
            node.Inbound = inbound[node.Index].ToArray();
        }

        var start = nodes.Single(n => n.Descriptor.IsStart);
        return new FlowPlan(flow, hash, nodes, start, Reachability(nodes));
    }

    private NodePlan BuildNode(int index, ActivityNode node)
    {
        var descriptor =
            registry.Find(node.Type)
            ?? throw new InvalidOperationException($"unknown activity type '{node.Type}'");
        var activity = (Activity)Activator.CreateInstance(descriptor.ClrType)!;
        activity.Id = node.Id;
        foreach (var input in descriptor.Inputs)
            input.Property.SetValue(activity, CreateInput(input, node));
        foreach (var output in descriptor.Outputs)
            output.Property.SetValue(
                activity,
                Activator.CreateInstance(
                    output.Property.PropertyType,
                    BindingFlags.NonPublic | BindingFlags.Instance,
                    null,
                    [output.Name],
                    null
                )
            );
        return new NodePlan
        {
            Index = index,
            Id = node.Id,
            Definition = node,
            Descriptor = descriptor,
            Activity = activity,
            WaitAny = activity is Activities.BuiltIn.Join && LiteralText(node, "mode") == "WaitAny",
            ItemVariable =
                activity is Activities.BuiltIn.ForEach ? LiteralText(node, "itemVariable") : null,
        };
    }

    private object CreateInput(InputDescriptor input, ActivityNode node)
    {
        CompiledExpression? expression =
            node.Inputs.TryGetValue(input.Name, out var written) ? compiler.Compile(written)
            : input.Default is null ? null
            : new LiteralExpression(input.Default);
        return Activator.CreateInstance(
            input.Property.PropertyType,
            BindingFlags.NonPublic | BindingFlags.Instance,
            null,
            [input.Name, expression],
            null
        )!;
    }

    private static string? LiteralText(ActivityNode node, string input) =>
        node.Inputs.TryGetValue(input, out var value) && value.Kind == ExpressionKind.Literal
            ? ValueConverter.ToText(value.Literal) is { Length: > 0 } text
                ? text
                : null
            : null;

    private static BitArray[] Reachability(NodePlan[] nodes)
    {
        var reaches = new BitArray[nodes.Length];
        var stack = new Stack<NodePlan>();
        foreach (var from in nodes)
        {
            var seen = reaches[from.Index] = new BitArray(nodes.Length);
            stack.Push(from);
            while (stack.TryPop(out var node))
            {
                if (seen[node.Index])
                    continue;
                seen[node.Index] = true;
                foreach (var edges in node.Outgoing.Values)
                foreach (var edge in edges)
                    stack.Push(edge.Target);
            }
        }
        return reaches;
    }

    public static string HashOf(FlowDefinition flow) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(FlowJson.Serialize(flow))));
}
