using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Makini.Flows.Engine.Model;

[Description("A directed edge from an outcome port of one activity to an input port of another.")]
public sealed class Connection
{
    [Description("Id of the activity the connection leaves.")]
    public required string Source { get; set; }

    [Description("Outcome port of the source activity, e.g. Done, True, Body.")]
    public required string SourcePort { get; set; }

    [Description("Id of the activity the connection enters.")]
    public required string Target { get; set; }

    [Description("Input port of the target; In when absent.")]
    public string? TargetPort { get; set; }

    public const string DefaultTargetPort = "In";

    [JsonIgnore]
    public string EffectiveTargetPort => TargetPort ?? DefaultTargetPort;
}
