using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Makini.Flows.Hostile.Tests.Fuzz;

/// <summary>
/// The work-order sample turned into an echo on its own public route: it answers with the request as the run saw
/// it (method, query, headers, body), so whatever a request carries is stored with the run and written back, and
/// no script of the flow fails on an input it did not expect.
/// </summary>
public static class EchoFlow
{
    public const string Id = "fuzz-echo";
    public const string Route = "fuzz/echo";

    public static async Task PublishAsync(HttpClient client)
    {
        var cancel = TestContext.Current.CancellationToken;
        var flow = JsonNode
            .Parse(FuzzedRequests.Samples().Single(s => s.Id == "work-order-webhook").Json)!
            .AsObject();
        flow["id"] = Id;
        var activities = flow["activities"]!.AsArray();
        activities[0]!["inputs"]!["path"] = new JsonObject { ["literal"] = Route };
        activities[0]!["inputs"]!["methods"] = new JsonObject
        {
            ["literal"] = new JsonArray("POST", "PUT", "GET", "DELETE"),
        };
        activities[1]!["inputs"]!["value"] = new JsonObject
        {
            ["js"] =
                "({ method: input.method, query: input.query, headers: input.headers, body: input.body })",
        };
        using var response = await client.PostAsync(
            "/api/flows/import?publish=true",
            new StringContent(flow.ToJsonString(), Encoding.UTF8, "application/json"),
            cancel
        );
        response.StatusCode.ShouldBe(
            HttpStatusCode.OK,
            await response.Content.ReadAsStringAsync(cancel)
        );
    }

    /// <summary>The id of the echo's latest run, or null.</summary>
    public static async Task<string?> LatestRunAsync(HttpClient client)
    {
        var runs = JsonNode.Parse(
            await client.GetStringAsync(
                $"/api/runs?flowId={Id}&limit=1",
                TestContext.Current.CancellationToken
            )
        )!;
        return (string?)runs.AsArray().FirstOrDefault()?["id"];
    }
}
