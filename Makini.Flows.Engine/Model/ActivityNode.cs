using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Makini.Flows.Engine.Model;

[Description("One activity of the flowchart.")]
public sealed class ActivityNode
{
    [Description("Identifier unique within the flow; scripts read its outputs as outputs.<id>.")]
    [RegularExpression(Identifiers.Pattern)]
    public required string Id { get; set; }

    [Description("Activity type name, e.g. If, ForEach, SetVariable.")]
    public required string Type { get; set; }

    [Description("Label shown on the canvas.")]
    public string? DisplayName { get; set; }

    [Description("Input values by input name.")]
    public Dictionary<string, InputExpression> Inputs { get; set; } = [];

    public Position? Position { get; set; }
}
