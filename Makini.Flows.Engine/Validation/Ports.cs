using System.Text.Json.Nodes;
using Makini.Flows.Engine.Activities;
using Makini.Flows.Engine.Model;
using Makini.Flows.Engine.Values;

namespace Makini.Flows.Engine.Validation;

/// <summary>The outcome ports of one node: its type's fixed ports plus any named by a literal input.</summary>
public static class Ports
{
    public static IReadOnlyList<string> Of(ActivityDescriptor descriptor, ActivityNode node)
    {
        if (descriptor.PortsFromInput is not { } input)
            return descriptor.Ports;
        var ports = new List<string>(descriptor.Ports);
        if (
            node.Inputs.TryGetValue(input, out var value)
            && value.Kind == ExpressionKind.Literal
            && value.Literal is JsonArray names
        )
            foreach (var name in names)
                if (ValueConverter.ToText(name) is { Length: > 0 } port && !ports.Contains(port))
                    ports.Add(port);
        return ports;
    }
}
