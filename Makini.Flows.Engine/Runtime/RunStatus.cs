using System.Text.Json.Serialization;

namespace Makini.Flows.Engine.Runtime;

[JsonConverter(typeof(JsonStringEnumConverter<RunStatus>))]
public enum RunStatus
{
    Running,
    Suspended,
    Completed,
    Faulted,
    Cancelled,
}
