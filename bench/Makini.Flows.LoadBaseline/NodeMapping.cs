using System.Text.Json.Nodes;

namespace Makini.Flows.LoadBaseline;

/// <summary>The mapping through a JSON tree in and out: how the benchmark's first reference was written.</summary>
public static class NodeMapping
{
    public static async Task<IResult> MapAsync(HttpRequest request)
    {
        var body = await JsonNode.ParseAsync(request.Body);
        var mapped = new JsonArray();
        foreach (var record in body!["records"]!.AsArray())
        {
            var due = (string)record!["dueDate"]!;
            mapped.Add(
                new JsonObject
                {
                    ["key"] = record["id"]!.ToString(),
                    ["title"] = (string)record["title"]!,
                    ["status"] = ((string)record["status"]!).ToLowerInvariant(),
                    ["priority"] = (string)record["priority"]!,
                    ["asset"] = record["assetId"]!.DeepClone(),
                    ["due"] = due,
                    ["overdue"] = string.CompareOrdinal(due, "2026-11-29") < 0,
                }
            );
        }
        return Results.Text(mapped.ToJsonString(), "application/json");
    }
}
