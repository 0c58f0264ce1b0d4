using System.Text.Json.Nodes;

namespace Makini.Flows.Hostile.Tests.Support;

/// <summary>What <c>POST /api/flows/{id}/runs</c> answered: the run's status, error message and output.</summary>
public sealed record RunResult(string Status, string? Error, JsonNode? Output)
{
    public static RunResult From(JsonNode run) =>
        new((string)run["status"]!, (string?)run["error"]?["message"], run["output"]?.DeepClone());

    public override string ToString() => $"{Status}: {Error ?? Output?.ToJsonString()}";
}
