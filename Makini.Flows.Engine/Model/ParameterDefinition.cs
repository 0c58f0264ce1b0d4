using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Makini.Flows.Engine.Model;

[Description("One named field of the flow's input or output object.")]
public sealed class ParameterDefinition
{
    [Description("Field name in the input or output object.")]
    [RegularExpression(Identifiers.ScriptName)]
    public required string Name { get; set; }

    [Description("JSON type of the field.")]
    public DataType Type { get; set; } = DataType.Any;

    [Description("Whether the field must be present.")]
    public bool Required { get; set; }

    [Description("What the field means, shown to users.")]
    public string? Description { get; set; }
}
