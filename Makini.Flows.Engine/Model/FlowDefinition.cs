using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Makini.Flows.Engine.Model;

[Description("A Makini flow: a flowchart of activities joined by connections.")]
public sealed class FlowDefinition
{
    [JsonPropertyName("$schema")]
    [Description("The flow format this file is written in.")]
    public required string Schema { get; set; }

    [Description(
        "Identifier of the flow, used by RunFlow and the API: a letter, then letters, digits, _ or -."
    )]
    [RegularExpression(Identifiers.Pattern)]
    public required string Id { get; set; }

    [Description("Name shown to users.")]
    [MinLength(1)]
    public required string Name { get; set; }

    [Description("What the flow does.")]
    public string? Description { get; set; }

    [Description("Variables every run starts with.")]
    public List<VariableDefinition> Variables { get; set; } = [];

    [Description("Shape of the input object a run accepts.")]
    public List<ParameterDefinition> Inputs { get; set; } = [];

    [Description("Shape of the output object a run produces.")]
    public List<ParameterDefinition> Outputs { get; set; } = [];

    [Description("The activities of the flowchart.")]
    public List<ActivityNode> Activities { get; set; } = [];

    [Description("Connections between activity ports.")]
    public List<Connection> Connections { get; set; } = [];

    [Description("How runs of this flow are kept; defaults when absent.")]
    public FlowSettings? Settings { get; set; }
}
