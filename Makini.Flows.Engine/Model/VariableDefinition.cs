using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;

namespace Makini.Flows.Engine.Model;

[Description("A flow variable: readable from scripts as vars.<name>, written by SetVariable.")]
public sealed class VariableDefinition
{
    [Description("Variable name, usable in scripts as vars.<name>.")]
    [RegularExpression(Identifiers.ScriptName)]
    public required string Name { get; set; }

    [Description("JSON type every value of the variable must have.")]
    public DataType Type { get; set; } = DataType.Any;

    [Description("Value the variable holds when a run starts (null when absent).")]
    public JsonNode? Default { get; set; }
}
