using System.Text.Json.Nodes;

namespace Makini.Flows.Hostile.Tests.Fuzz;

/// <summary>
/// What the server has stored, as its list answers give it (flows, webhook endpoints, connections, keys, the
/// latest runs), less the fields that change by themselves (last use of a key, last run status): compared
/// before and after a refused request, which must have stored nothing.
/// </summary>
public static class StoredState
{
    private static readonly string[] Lists =
    [
        "/api/flows",
        "/api/webhooks",
        "/api/connections",
        "/api/keys",
        "/api/runs?limit=5",
    ];

    private static readonly HashSet<string> Volatile = new(StringComparer.OrdinalIgnoreCase)
    {
        "lastUsedAt",
        "lastRunStatus",
        "status",
        "finishedAt",
        "error",
    };

    public static async Task<string> ReadAsync(HttpClient client)
    {
        var parts = new List<string>();
        foreach (var list in Lists)
        {
            var text = await client.GetStringAsync(list, TestContext.Current.CancellationToken);
            parts.Add($"{list}: {Strip(JsonNode.Parse(text))?.ToJsonString()}");
        }
        return string.Join("\n", parts);
    }

    private static JsonNode? Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var name in o.Select(p => p.Key).ToList())
                    if (Volatile.Contains(name))
                        o.Remove(name);
                    else
                        Strip(o[name]);
                break;
            case JsonArray a:
                foreach (var item in a)
                    Strip(item);
                break;
        }
        return node;
    }
}
