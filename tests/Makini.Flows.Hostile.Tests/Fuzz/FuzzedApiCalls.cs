using System.Text;
using System.Text.Json.Nodes;

namespace Makini.Flows.Hostile.Tests.Fuzz;

/// <summary>
/// Calls to every operation the OpenAPI document lists (but deletes), with path parameters, query strings and
/// bodies that are wrong in kind: unknown ids in odd spellings, filters that do not parse, bodies of the right
/// shape with hostile values, and bodies of no shape at all.
/// </summary>
public static class FuzzedApiCalls
{
    public sealed record Operation(HttpMethod Method, string Path);

    private static readonly string[] Ids =
    [
        "work-order-webhook",
        "x",
        "%00",
        "%ff",
        "..",
        "a%2Fb",
        "%F0%9F%98%80",
        "0",
        "-1",
        "99999999999999999999",
        "con_demo",
    ];

    private static readonly string[] Queries =
    [
        "limit=-1",
        "limit=abc",
        "limit=99999999999999999999",
        "status=bogus",
        "since=notadate",
        "from=2026-13-45",
        "to=%ff",
        "cursor=%ff%00",
        "filter[customFields.x]=1",
        "filter[nope][deeper]=1",
        "sort[zz]=sideways",
        "publish=maybe",
        "page=0",
        "pageSize=100000",
        "flowId=%00",
        "from=1&to=2",
        "version=1.5",
    ];

    /// <summary>Bodies of the shape each kind of operation reads, mutated; keyed by a word of the path.</summary>
    private static readonly (string PathWord, string Json)[] Shapes =
    [
        (
            "webhooks/events",
            "{\"type\":\"sync.completed\",\"connectionId\":\"con_1\",\"data\":{\"entity\":\"work-orders\"}}"
        ),
        (
            "/webhooks",
            "{\"url\":\"https://example.com/hook\",\"eventTypes\":[\"sync.completed\"],\"headers\":{\"Authorization\":\"Bearer x\"},\"description\":\"d\",\"enabled\":true,\"connectionIds\":[\"con_1\"]}"
        ),
        (
            "/events",
            "{\"type\":\"work-order.updated\",\"connectionId\":\"con_1\",\"data\":{\"record\":{\"id\":\"1\"}}}"
        ),
        ("/keys", "{\"name\":\"k\",\"role\":\"runner\"}"),
        ("/expressions", "{\"language\":\"js\",\"source\":\"input.a + 1\"}"),
        (
            "/mappings",
            "{\"fields\":{\"title\":\"/name\",\"priority\":{\"path\":\"/p\",\"values\":{\"1\":\"high\"}}},\"customFields\":{\"x\":{\"type\":\"string\",\"js\":\"raw.a\"}}}"
        ),
        ("/credentials", "{\"credentials\":{\"apiToken\":\"t\"}}"),
        (
            "/connections",
            "{\"connector\":\"maintainx\",\"name\":\"n\",\"instanceUrl\":\"https://api.getmaintainx.com\",\"credentials\":{\"apiToken\":\"t\"}}"
        ),
        ("/resume", "{\"approved\":true}"),
        ("/runs", "{\"a\":1}"),
    ];

    public static HttpRequestMessage Next(List<Operation> operations, FuzzBudget budget)
    {
        var operation = budget.Pick(operations);
        var path = Fill(operation.Path, budget);
        if (budget.Chance(0.6))
            path +=
                (path.Contains('?') ? "&" : "?")
                + string.Join(
                    "&",
                    Enumerable.Range(0, 1 + budget.Random.Next(3)).Select(_ => budget.Pick(Queries))
                );
        var request = new HttpRequestMessage(operation.Method, path);
        if (operation.Method == HttpMethod.Get)
            return request;
        var shape =
            Shapes
                .FirstOrDefault(s => operation.Path.Contains(s.PathWord, StringComparison.Ordinal))
                .Json
            ?? "{\"a\":1}";
        byte[] body = budget.Random.Next(5) switch
        {
            0 => Encoding.UTF8.GetBytes(budget.Pick(HostileJson.Values)),
            1 => JsonMutator.BreakText(Encoding.UTF8.GetBytes(shape), budget),
            _ => JsonMutator.Mutate(shape, budget),
        };
        request.Content = FuzzedRequests
            .Json(
                operation.Method,
                path,
                body,
                budget.Chance(0.9) ? "application/json" : "text/plain"
            )
            .Content;
        return request;
    }

    private static string Fill(string template, FuzzBudget budget)
    {
        var path = new StringBuilder();
        var at = 0;
        while (template.IndexOf('{', at) is var open and >= 0)
        {
            var close = template.IndexOf('}', open);
            path.Append(template, at, open - at);
            var name = template[(open + 1)..close];
            path.Append(
                name switch
                {
                    "version" => budget.Pick<string>([
                        "1",
                        "0",
                        "-1",
                        "abc",
                        "99999999999999999999",
                    ]),
                    "entity" => budget.Pick<string>(["work-orders", "assets", "bogus", "%ff"]),
                    _ => budget.Pick(Ids),
                }
            );
            at = close + 1;
        }
        return path.Append(template, at, template.Length - at).ToString();
    }

    /// <summary>Every operation of the OpenAPI document but the deletes (which would empty what the cases use).</summary>
    public static List<Operation> Of(JsonNode document) =>
        document["paths"]!
            .AsObject()
            .SelectMany(path =>
                path.Value!.AsObject()
                    .Select(op => op.Key)
                    .Where(method => method is "get" or "post" or "put" or "patch")
                    .Select(method => new Operation(
                        new HttpMethod(method.ToUpperInvariant()),
                        path.Key
                    ))
            )
            .ToList();
}
