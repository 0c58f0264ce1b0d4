using System.Text.Json.Nodes;

namespace Makini.Flows.Benchmarks;

/// <summary>
/// The flows of the HTTP load benchmark, written as users write them: the mapping of 50 work orders as a short
/// script (a helper arrow function, <c>recs.map(helper)</c>, <c>return</c>), as one expression and in C#, and a
/// signed webhook per request. Default flow settings unless a variant says otherwise.
/// </summary>
internal static class LoadFlows
{
    public const string WebhookSecretName = "loadWebhook";

    /// <summary>The signing secret of the webhook case (base64 of 32 bytes), given to the server and the reference.</summary>
    public const string WebhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwMfKQ9r8GKYo=";

    public const string NaturalScript = """
        const recs = input.body.records;
        const toOut = r => ({
          key: String(r.id),
          title: r.title,
          status: r.status.toLowerCase(),
          priority: r.priority,
          asset: r.assetId,
          due: r.dueDate,
          overdue: r.dueDate < '2026-11-29',
        });
        return recs.map(toOut);
        """;

    public const string OneExpression =
        "input.body.records.map(r => ({ key: String(r.id), title: r.title, status: r.status.toLowerCase(), priority: r.priority, asset: r.assetId, due: r.dueDate, overdue: r.dueDate < '2026-11-29' }))";

    public const string CSharp = """
        input!["body"]!["records"]!.AsArray().Select(r => new
        {
            key = r!["id"]!.ToString(),
            title = (string)r["title"]!,
            status = ((string)r["status"]!).ToLowerInvariant(),
            priority = (string)r["priority"]!,
            asset = (long)r["assetId"]!,
            due = (string)r["dueDate"]!,
            overdue = string.CompareOrdinal((string)r["dueDate"]!, "2026-11-29") < 0,
        }).ToList()
        """;

    public static JsonObject Mapping(
        string id,
        string path,
        JsonObject body,
        JsonObject? settings = null
    )
    {
        var flow = new JsonObject
        {
            ["$schema"] = Schema,
            ["id"] = id,
            ["name"] = id,
            ["activities"] = new JsonArray(
                Trigger(path),
                new JsonObject
                {
                    ["id"] = "answer",
                    ["type"] = "HttpResponse",
                    ["inputs"] = new JsonObject { ["body"] = body },
                }
            ),
            ["connections"] = new JsonArray(Connection("request", "answer")),
        };
        if (settings is not null)
            flow["settings"] = settings;
        return flow;
    }

    public static JsonObject Webhook(string path, string receiverUrl) =>
        new()
        {
            ["$schema"] = Schema,
            ["id"] = "load-webhook",
            ["name"] = "load-webhook",
            ["activities"] = new JsonArray(
                Trigger(path),
                new JsonObject
                {
                    ["id"] = "send",
                    ["type"] = "SendWebhook",
                    ["inputs"] = new JsonObject
                    {
                        ["url"] = Literal(receiverUrl),
                        ["secret"] = Literal(WebhookSecretName),
                        ["eventType"] = Literal("workOrder.received"),
                        ["payload"] = new JsonObject { ["js"] = "input.body" },
                    },
                },
                new JsonObject
                {
                    ["id"] = "answer",
                    ["type"] = "HttpResponse",
                    ["inputs"] = new JsonObject
                    {
                        ["body"] = Literal(new JsonObject { ["accepted"] = true }),
                    },
                }
            ),
            ["connections"] = new JsonArray(
                Connection("request", "send"),
                Connection("send", "answer")
            ),
        };

    private const string Schema = "https://schemas.makini.io/flows/flow-v1.json";

    public static JsonObject Js(string source) => new() { ["js"] = source };

    public static JsonObject Cs(string source) => new() { ["cs"] = source };

    private static JsonObject Trigger(string path) =>
        new()
        {
            ["id"] = "request",
            ["type"] = "HttpTrigger",
            ["inputs"] = new JsonObject
            {
                ["path"] = Literal(path),
                ["access"] = Literal("public"),
            },
        };

    private static JsonObject Literal(JsonNode value) => new() { ["literal"] = value };

    private static JsonObject Connection(string source, string target) =>
        new()
        {
            ["source"] = source,
            ["sourcePort"] = "Done",
            ["target"] = target,
        };
}
