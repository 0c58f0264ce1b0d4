using System.Text.Json.Nodes;

// The hand-written endpoint the load benchmark compares an HTTP-triggered flow with: the same mapping of
// 50 work-order records (6 fields and one computed), written directly in ASP.NET Core, persisting nothing.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();

app.MapPost(
    "/map",
    async (HttpRequest request) =>
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
        return Results.Json(mapped);
    }
);
app.Run();
