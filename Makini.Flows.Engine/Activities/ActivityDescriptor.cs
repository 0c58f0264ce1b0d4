using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Makini.Flows.Engine.Model;

namespace Makini.Flows.Engine.Activities;

/// <summary>Everything the designer and the validator need to know about an activity type.</summary>
public sealed class ActivityDescriptor
{
    public required string Type { get; init; }
    public required string Category { get; init; }
    public required string DisplayName { get; init; }
    public required string Description { get; init; }
    public required IReadOnlyList<InputDescriptor> Inputs { get; init; }
    public required IReadOnlyList<OutputDescriptor> Outputs { get; init; }

    /// <summary>Fixed outcome ports.</summary>
    public required IReadOnlyList<string> Ports { get; init; }

    /// <summary>Literal string-array input whose items are further outcome ports, if any.</summary>
    public string? PortsFromInput { get; init; }

    public bool IsStart { get; init; }

    [JsonIgnore]
    public Type ClrType { get; init; } = null!;

    public InputDescriptor? FindInput(string name)
    {
        foreach (var input in Inputs)
            if (input.Name == name)
                return input;
        return null;
    }
}

public sealed class InputDescriptor
{
    public required string Name { get; init; }
    public required string DisplayName { get; init; }
    public required DataType Type { get; init; }
    public required string Description { get; init; }
    public bool Required { get; init; }
    public JsonNode? Default { get; init; }
    public required string UiHint { get; init; }
    public IReadOnlyList<string>? Options { get; init; }
    public bool LiteralOnly { get; init; }

    [JsonIgnore]
    internal PropertyInfo Property { get; init; } = null!;
}

public sealed class OutputDescriptor
{
    public required string Name { get; init; }
    public required DataType Type { get; init; }
    public required string Description { get; init; }

    [JsonIgnore]
    internal PropertyInfo Property { get; init; } = null!;
}
