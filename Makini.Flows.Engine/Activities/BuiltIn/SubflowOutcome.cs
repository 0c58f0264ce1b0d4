using System.Text.Json.Nodes;
using Makini.Flows.Engine.Runtime;

namespace Makini.Flows.Engine.Activities.BuiltIn;

/// <summary>How a finished sub-flow run is handed back to the RunFlow that waits on it.</summary>
internal static class SubflowOutcome
{
    public static JsonNode ToPayload(RunState child) =>
        new JsonObject
        {
            ["status"] = child.Status.ToString(),
            ["output"] = child.Output?.DeepClone(),
            ["error"] = child.Error?.Message,
        };

    public static (RunStatus Status, JsonNode? Output, string? Error) FromPayload(
        JsonNode? payload
    ) =>
        (
            Enum.Parse<RunStatus>(
                payload?["status"]?.GetValue<string>() ?? nameof(RunStatus.Faulted)
            ),
            payload?["output"]?.DeepClone(),
            payload?["error"]?.GetValue<string>()
        );
}
