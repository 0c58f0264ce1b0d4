using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Makini.Flows.Engine.Model;

[Description("Where the designer draws the activity.")]
public sealed class Position
{
    [JsonRequired]
    public double X { get; set; }

    [JsonRequired]
    public double Y { get; set; }
}
