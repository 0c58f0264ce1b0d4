namespace Makini.Flows.Engine.Activities;

/// <summary>Names an activity class and describes it for the designer's toolbox.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute(string type, string category, string description) : Attribute
{
    public string Type { get; } = type;

    public string Category { get; } = category;

    public string Description { get; } = description;

    /// <summary>Label in the toolbox; the type name split into words when absent.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Outcome ports the activity can emit.</summary>
    public string[] Ports { get; init; } = [ActivityPorts.Done];

    /// <summary>Name of a literal string-array input whose items are further outcome ports.</summary>
    public string? PortsFromInput { get; init; }

    /// <summary>Whether a run begins at this activity.</summary>
    public bool IsStart { get; init; }
}
